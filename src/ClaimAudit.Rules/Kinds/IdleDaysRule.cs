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
        var days = NationalTime.DaysBetween(admission, context.Episode.DischargeDate!.Value); // day d is admission + d
        // One pass over the stay's lines: per date strictly inside the stay, whether it has a line and whether any is
        // neither a bed nor a nursing fee. A stay's bed fees span all of it, so this runs once per discharge.
        var billed = new bool[Math.Max(days, 0)];
        var busy = new bool[Math.Max(days, 0)];
        foreach (var line in partition)
        {
            var day = line.Date.DayNumber - admission.DayNumber;
            if (line.Cnt <= 0 || day <= 0 || day >= days)
                continue;
            billed[day] = true;
            busy[day] |= line.MedChrgitmType is not (ChargeTypes.Bed or ChargeTypes.Nursing);
        }
        List<Hit>? hits = null;
        var start = 0; // first day of the current run of idle days, 0 for none
        for (var day = 1; day <= days; day++)
        {
            if (day < days && billed[day] && !busy[day])
            {
                if (start == 0)
                    start = day;
                continue;
            }
            if (start > 0 && day - start >= _minDays)
                (hits ??= []).Add(Run(partition, admission.AddDays(start), admission.AddDays(day - 1)));
            start = 0;
        }
        return hits ?? [];
    }

    private Hit Run(IReadOnlyList<NetLine> partition, DateOnly first, DateOnly last)
    {
        var lines = partition.Where(l => l.Cnt > 0 && l.Date >= first && l.Date <= last).OrderBy(l => l, NetLine.TimeOrder).Select(l => l.Sn).ToList();
        return Hit.WithoutAmount(
            $"{NationalTime.Format(first)} 至 {NationalTime.Format(last)} 连续 {last.DayNumber - first.DayNumber + 1} 天仅有床位费、护理费（挂床嫌疑，限 {_minDays} 天以下）",
            $"{NationalTime.Format(first)}..{NationalTime.Format(last)}",
            lines);
    }
}
