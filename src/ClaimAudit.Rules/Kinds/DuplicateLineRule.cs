using System.Globalization;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>charge.duplicate-line</c> (X): two lines of one person with the same <c>med_list_codg</c>,
/// <c>fee_ocur_time</c> to the minute, <c>cnt</c> and <c>pric</c>, and different <c>feedetl_sn</c>, in the same
/// or different episodes or institutions. "The first" is the earliest by time, then episode and serial number, so
/// it never depends on arrival order. Amount: every line after the first. Fully refunded lines do not count.
/// </summary>
public sealed class DuplicateLineRule(RuleDefinition definition) : IPersonRule
{
    public const string Kind = "charge.duplicate-line";

    public RuleDefinition Definition { get; } = definition;

    public int MinimumLines => 2;

    // Same code, same minute, and cnt and pric equal to four decimals (lines with a net count of 0 or less never count).
    public void PartitionsOf(PersonLine line, List<PartitionKey> partitions) => partitions.Add(new PartitionKey(line.MedListCodg,
        line.FeeOcurTime.Ticks / TimeSpan.TicksPerMinute, PartitionKey.TenThousandths(line.Cnt), PartitionKey.TenThousandths(line.Pric)));

    public IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines) =>
        lines.Count < 2 ? [] : Duplicates(lines);

    private static IEnumerable<PersonHit> Duplicates(IReadOnlyList<PersonLine> lines)
    {
        var ordered = lines.Where(l => l.Cnt > 0).OrderBy(l => l, PersonLine.TimeOrder).ToList();
        if (ordered.Count < 2)
            yield break;
        var first = ordered[0];
        foreach (var line in ordered.Skip(1).Where(l => l.FeedetlSn != first.FeedetlSn))
            yield return new PersonHit(line.FixmedinsCode, line.MdtrtId, new Hit([line.FeedetlSn], [line.Amount],
                line.EpisodeKey == first.EpisodeKey ? [first.FeedetlSn] : [],
                $"与 {first.FixmedinsCode}/{first.MdtrtId} 的费用 {first.FeedetlSn} 重复：同一项目、同一时间（{first.FeeOcurTime:yyyy-MM-dd HH:mm}）、数量 {line.Cnt:0.##}、单价 {line.Pric:0.00}",
                $"{first.EpisodeKey}/{first.FeedetlSn}"));
    }
}
