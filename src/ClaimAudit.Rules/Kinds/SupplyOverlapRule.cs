using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>drug.supply-overlap</c> (X): a drug line with <c>prd_days</c> while an earlier line of the same code for
/// the person still has more than <c>tolerance_days</c> (3) of supply left: earlier date + its prd_days − this
/// date &gt; 3. Amount: line amount × min(overlap, this prd_days) / this prd_days. A drug line without
/// <c>prd_days</c> is "no data", not a pass.
/// </summary>
public sealed class SupplyOverlapRule(RuleDefinition definition) : IPersonRule
{
    public const string Kind = "drug.supply-overlap";

    private readonly int _tolerance = definition.Params.Int("tolerance_days", 3);

    public RuleDefinition Definition { get; } = definition;

    public int MinimumLines => 2; // an overlap is between two lines

    public bool LacksData(AuditContext context, NetLine line) => ChargeTypes.IsDrug(line.MedChrgitmType) && line.PrdDays is null;

    public string LackingDataReason => "drug lines without prd_days (days of supply)";

    public void PartitionsOf(PersonLine line, List<PartitionKey> partitions)
    {
        if (line.PrdDays is > 0)
            partitions.Add(PartitionKey.OfCode(line.MedListCodg));
    }

    public IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines)
    {
        var ordered = lines.Where(l => l.Cnt > 0 && l.PrdDays > 0).OrderBy(l => l, PersonLine.TimeOrder).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var line = ordered[i];
            var (overlap, earlier) = ordered.Take(i)
                .Select(e => (Left: NationalTime.DaysBetween(line.Date, e.Date.AddDays(e.PrdDays!.Value)), Line: e))
                .MaxBy(x => x.Left);
            if (overlap <= _tolerance)
                continue;
            var days = line.PrdDays!.Value;
            var amount = decimal.Round(line.Amount * Math.Min(overlap, days) / days, 2);
            yield return new PersonHit(line.FixmedinsCode, line.MdtrtId, new Hit([line.FeedetlSn], [amount],
                earlier.EpisodeKey == line.EpisodeKey ? [earlier.FeedetlSn] : [],
                $"{NationalTime.Format(line.Date)} 开药 {days} 天，前次（{earlier.MdtrtId} {NationalTime.Format(earlier.Date)}，{earlier.PrdDays} 天）尚余 {overlap} 天，超过 {_tolerance} 天",
                $"{earlier.EpisodeKey}/{earlier.FeedetlSn}"));
        }
    }
}
