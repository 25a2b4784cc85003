using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>qty.per-period</c> (E): the net units of an item within a period exceed its limit. From NHSA b8-1 the
/// period is the calendar day and 数量单位 names what is counted (<c>1 日</c> = once a day, <c>24 小时</c> = at
/// most 24 hourly units a day). A rule may instead say <c>period: episode</c> with its own <c>limits</c>.
/// Amount: excess units × pric, on the lines (in time order) that pass the limit.
/// </summary>
public sealed class QuantityPerPeriodRule : IEpisodeRule
{
    public const string Kind = "qty.per-period";

    private readonly KnowledgeBase _knowledge;
    private readonly bool _perEpisode;
    private readonly Dictionary<string, decimal> _ownLimits;

    public QuantityPerPeriodRule(RuleDefinition definition, KnowledgeBase knowledge)
    {
        Definition = definition;
        _knowledge = knowledge;
        var period = definition.Params.String("period", "day");
        _perEpisode = period switch
        {
            "day" => false,
            "episode" => true,
            _ => throw new InvalidOperationException($"params.period '{period}' must be day or episode"),
        };
        _ownLimits = definition.Params.Values.TryGetValue("limits", out var limits) && limits is IDictionary<string, object?> map
            ? map.ToDictionary(kv => kv.Key, kv => decimal.Parse(kv.Value?.ToString() ?? "0", System.Globalization.CultureInfo.InvariantCulture))
            : [];
        if (_perEpisode && _ownLimits.Count == 0)
            throw new InvalidOperationException("a per-episode quantity rule needs params.limits (code: units)");
        Codes = _perEpisode ? _ownLimits.Keys : _ownLimits.Keys.Union(knowledge.CodesOf(LimitTypes.Frequency), StringComparer.Ordinal).ToList();
    }

    public IReadOnlyCollection<string> Codes { get; }

    public RuleDefinition Definition { get; }

    public void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions)
    {
        if (Limit(line.Code) is not null)
            partitions.Add(_perEpisode ? PartitionKey.OfCode(line.Code) : new PartitionKey(line.Code, line.Date.DayNumber));
    }

    public IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition)
    {
        var (limit, unit, name) = Limit(partition[0].Code)!.Value;
        var total = partition.Sum(l => l.Cnt);
        if (total <= limit)
            yield break;

        var ordered = partition.OrderBy(l => l, NetLine.TimeOrder).ToList();
        var (sns, amounts) = Excess.PastLimit(ordered, limit);
        var period = _perEpisode ? "本次就诊" : NationalTime.Format(partition[0].Date);
        var per = _perEpisode ? "次就诊" : "日";
        yield return new Hit(sns, amounts, ordered.Select(l => l.Sn).ToList(),
            $"{name} {period} 计 {total:0.##} {unit}，限 {limit:0.##} {unit}/{per}");
    }

    private (decimal Limit, string Unit, string Name)? Limit(string code)
    {
        if (_ownLimits.TryGetValue(code, out var own))
            return (own, "次", code);
        if (_perEpisode || _knowledge.Find(LimitTypes.Frequency, code) is not { } point)
            return null;
        // 数量单位 日/天 counts times per day; 小时 counts hourly units within a day.
        var unit = point.Unit == "小时" ? "小时" : "次";
        return (point.Quantity, unit, point.ItemName);
    }
}
