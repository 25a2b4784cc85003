using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>charge.pair</c> (E): main item A and secondary item B (NHSA b7 重复收费) both billed in one episode within
/// the pair's 频度: 单日 = same date, 单次就诊 = same episode, 同一小时 = less than 1 h apart, 6小时 = less than
/// 6 h apart. Amount: B's lines in that period. Where NHSA lists one pair twice with different 频度, the wider
/// period is used (it contains the narrower).
/// </summary>
public sealed class ChargePairRule : IEpisodeRule
{
    public const string Kind = "charge.pair";

    private static readonly string[] Widths = ["同一小时", "6小时", "单日", "单次就诊"];
    private readonly List<ChargePair> _pairs;
    private readonly Dictionary<string, List<int>> _pairsOfCode = new(StringComparer.Ordinal);
    private readonly string[][] _codesOfPair;

    public ChargePairRule(RuleDefinition definition, KnowledgeBase knowledge)
    {
        Definition = definition;
        foreach (var pair in knowledge.ChargePairs.Where(p => Array.IndexOf(Widths, p.Period) < 0))
            throw new InvalidOperationException($"{pair.Source}: 频度 '{pair.Period}' is not one of {string.Join(", ", Widths)}");
        _pairs = knowledge.ChargePairs
            .GroupBy(p => (p.MainCode, p.SecondaryCode))
            .Select(g => g.MaxBy(p => Array.IndexOf(Widths, p.Period))!)
            .ToList();
        _codesOfPair = [.. _pairs.Select(p => new[] { p.MainCode, p.SecondaryCode }.Distinct(StringComparer.Ordinal).ToArray())];
        for (var i = 0; i < _pairs.Count; i++)
            foreach (var code in new[] { _pairs[i].MainCode, _pairs[i].SecondaryCode })
            {
                if (!_pairsOfCode.TryGetValue(code, out var list))
                    _pairsOfCode[code] = list = [];
                list.Add(i);
            }
    }

    public RuleDefinition Definition { get; }

    public IReadOnlyCollection<string> Codes => _pairsOfCode.Keys;

    public void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions)
    {
        if (_pairsOfCode.TryGetValue(line.Code, out var pairs))
            foreach (var pair in pairs)
                partitions.Add(PartitionKey.OfNumber(pair));
    }

    /// <summary>A pair fires only when both its items are billed: a partition of one side (a daily test whose partner never is) is skipped.</summary>
    public bool MayFire(PartitionKey partition, IReadOnlySet<string> codes)
    {
        var pair = _pairs[(int)partition.Number];
        return codes.Contains(pair.MainCode) && codes.Contains(pair.SecondaryCode);
    }

    public IReadOnlyList<string>? CodesOf(PartitionKey partition) => _codesOfPair[(int)partition.Number];

    public IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition)
    {
        var pair = _pairs[(int)key.Number];
        var mains = partition.Where(l => l.Code == pair.MainCode && l.Cnt > 0).ToList();
        var secondaries = partition.Where(l => l.Code == pair.SecondaryCode && l.Cnt > 0).OrderBy(l => l, NetLine.TimeOrder).ToList();
        if (mains.Count == 0 || secondaries.Count == 0)
            yield break;
        var atFault = secondaries.Where(b => mains.Any(a => Within(pair.Period, a.FeeOcurTime, b.FeeOcurTime))).ToList();
        if (atFault.Count == 0)
            yield break;
        var related = mains.Where(a => atFault.Any(b => Within(pair.Period, a.FeeOcurTime, b.FeeOcurTime)))
            .OrderBy(l => l, NetLine.TimeOrder).Select(l => l.Sn).ToList();
        yield return new Hit(atFault.Select(l => l.Sn).ToList(), atFault.Select(l => l.Amount).ToList(), related,
            $"{pair.SecondaryName} 与 {pair.MainName} 在{pair.Period}内同时收费（{pair.Note ?? "重复收费"}），从项 {atFault.Count} 条不予支付",
            $"{pair.MainCode}>{pair.SecondaryCode}");
    }

    public static bool Within(string period, DateTime a, DateTime b) => period switch
    {
        "单次就诊" => true,
        "单日" => a.Date == b.Date,
        "同一小时" => Math.Abs((a - b).TotalHours) < 1,
        "6小时" => Math.Abs((a - b).TotalHours) < 6,
        _ => false,
    };
}
