using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>episode.self-pay-ratio</c> (E): at discharge of an inpatient episode, the 丙类 amount
/// (<c>chrgitm_lv</c> 03) exceeds <c>max_ratio</c> (8 %) of its total. Amount 0: a warning to the hospital.
/// </summary>
public sealed class SelfPayRatioRule(RuleDefinition definition) : IEpisodeRule
{
    public const string Kind = "episode.self-pay-ratio";

    private readonly decimal _maxRatio = definition.Params.Decimal("max_ratio", 0.08m);

    public RuleDefinition Definition { get; } = definition;

    public bool AwaitsDischarge => true;

    public void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions)
    {
        if (context.Episode.Setting == Setting.Inpatient)
            partitions.Add(PartitionKey.Whole);
    }

    public IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition)
    {
        var total = partition.Sum(l => l.Amount);
        var selfPay = partition.Where(l => l.ChrgitmLv == "03" && l.Amount > 0).OrderBy(l => l, NetLine.TimeOrder).ToList();
        var amount = selfPay.Sum(l => l.Amount);
        if (total <= 0 || amount <= _maxRatio * total)
            yield break;
        yield return Hit.WithoutAmount(
            $"丙类费用 {amount:0.00} 元，占总费用 {total:0.00} 元的 {amount / total:P1}，超过 {_maxRatio:P0}",
            "self-pay", selfPay.Select(l => l.Sn).ToList());
    }
}
