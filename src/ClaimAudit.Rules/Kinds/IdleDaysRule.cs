using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>stay.idle-days</c> (E, 挂床嫌疑): <c>min_days</c> (3) or more consecutive dates strictly between admission
/// and discharge on each of which there is at least one line and every line is a bed or nursing fee
/// (<c>med_chrgitm_type</c> 01, 07). Judged at discharge. Amount 0: suspicious, for manual review.
/// </summary>
public sealed class IdleDaysRule(RuleDefinition definition) : IEpisodeRule
{
    public const string Kind = "stay.idle-days";

    private readonly int _minDays = definition.Params.Int("min_days", 3);

    public RuleDefinition Definition { get; } = definition;

    public bool AwaitsDischarge => true;

    public void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions)
    {
        if (context.Episode.Setting == Setting.Inpatient)
            partitions.Add(PartitionKey.Whole);
    }

    public IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition)
    {
        var admission = context.Episode.AdmissionDate;
        var discharge = context.Episode.DischargeDate!.Value;
        var byDate = partition.Where(l => l.Cnt > 0 && l.Date > admission && l.Date < discharge).ToLookup(l => l.Date);
        var run = new List<DateOnly>();
        for (var date = admission.AddDays(1); date < discharge.AddDays(1); date = date.AddDays(1))
        {
            var lines = byDate[date].ToList();
            var idle = date < discharge && lines.Count > 0 && lines.All(l => l.Line.MedChrgitmType is ChargeTypes.Bed or ChargeTypes.Nursing);
            if (idle)
            {
                run.Add(date);
                continue;
            }
            if (run.Count >= _minDays)
                yield return Hit.WithoutAmount(
                    $"{NationalTime.Format(run[0])} 至 {NationalTime.Format(run[^1])} 连续 {run.Count} 天仅有床位费、护理费（挂床嫌疑，限 {_minDays} 天以下）",
                    $"{NationalTime.Format(run[0])}..{NationalTime.Format(run[^1])}",
                    run.SelectMany(d => byDate[d]).OrderBy(l => l, NetLine.TimeOrder).Select(l => l.Sn).ToList());
            run.Clear();
        }
    }
}
