using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>stay.bed-days</c> (E): the net units of bed-fee lines (<c>med_chrgitm_type</c> 01) exceed the stay's days
/// (discharge date − admission date, at least 1). Judged once the discharge date is known.
/// Amount: excess units × pric, on the bed lines (in time order) past the stay's days.
/// </summary>
public sealed class BedDaysRule(RuleDefinition definition) : IEpisodeRule
{
    public const string Kind = "stay.bed-days";

    public RuleDefinition Definition { get; } = definition;

    public bool AwaitsDischarge => true;

    public void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions)
    {
        if (line.MedChrgitmType == ChargeTypes.Bed && context.Episode.Setting == Setting.Inpatient)
            partitions.Add(PartitionKey.Whole);
    }

    public IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition)
    {
        if (context.Episode.DischargeDate is not { } discharge)
            yield break;
        var days = Math.Max(1, NationalTime.DaysBetween(context.Episode.AdmissionDate, discharge));
        var total = partition.Sum(l => l.Cnt);
        if (total <= days)
            yield break;

        var ordered = partition.OrderBy(l => l, NetLine.TimeOrder).ToList();
        var (sns, amounts) = Excess.PastLimit(ordered, days);
        yield return new Hit(sns, amounts, ordered.Select(l => l.Sn).ToList(),
            $"床位费计 {total:0.##} 天，住院 {days} 天（{NationalTime.Format(context.Episode.AdmissionDate)} 至 {NationalTime.Format(discharge)}）");
    }
}
