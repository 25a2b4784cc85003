using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Rules.Engine;

public static class NetLines
{
    /// <summary>Folds refunds into the lines they name: one net line per original that has arrived.</summary>
    public static IEnumerable<NetLine> Fold(IEnumerable<FeeLine> lines)
    {
        var all = lines.ToList();
        var columns = new LineColumns(digests: false); // nothing asks whether a folded line was received as another
        foreach (var line in all.Where(l => !l.IsRefund))
            columns.Add(line);
        foreach (var refund in all.Where(l => l.IsRefund))
            if (columns.RowOf(refund.InitFeedetlSn!) is >= 0 and var row)
                columns.Fold(row, refund);
        for (var row = 0; row < columns.Count; row++)
            yield return columns[row];
    }
}
