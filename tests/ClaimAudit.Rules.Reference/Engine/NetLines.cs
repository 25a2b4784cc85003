using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.Kinds;

namespace ClaimAudit.Reference.Engine;

public static class NetLines
{
    /// <summary>Folds refunds into the lines they name: one net line per original that has arrived.</summary>
    public static IEnumerable<NetLine> Fold(IEnumerable<FeeLine> lines)
    {
        var all = lines.ToList();
        var refunds = all.Where(l => l.IsRefund).ToLookup(l => l.InitFeedetlSn!, StringComparer.Ordinal);
        foreach (var line in all.Where(l => !l.IsRefund))
            yield return new NetLine(line, line.Cnt + refunds[line.FeedetlSn].Sum(r => r.Cnt), line.DetItemFeeSumamt + refunds[line.FeedetlSn].Sum(r => r.DetItemFeeSumamt));
    }
}
