using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>cycle.frequency</c> (X): the person has more than N lines of an item within any D consecutive days (NHSA
/// b8-4: 频次上限 N, 疗程周期 D), across episodes and institutions. 糖化血红蛋白 is 1 per 15 days: a second test
/// 14 days later fires, 15 days later does not. Amount: the excess lines.
/// </summary>
public sealed class CycleFrequencyRule(RuleDefinition definition, KnowledgeBase knowledge) : IPersonRule
{
    public const string Kind = "cycle.frequency";

    public RuleDefinition Definition { get; } = definition;

    public void PartitionsOf(PersonLine line, List<PartitionKey> partitions)
    {
        if (knowledge.Find(LimitTypes.Cycle, line.MedListCodg) is not null)
            partitions.Add(PartitionKey.OfCode(line.MedListCodg));
    }

    public IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines)
    {
        var point = knowledge.Find(LimitTypes.Cycle, partition.Code!)!;
        var limit = (int)point.Quantity;
        var days = point.CycleDays;
        var ordered = lines.Where(l => l.Cnt > 0).OrderBy(l => l, PersonLine.TimeOrder).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var line = ordered[i];
            // The D consecutive days ending on this line's date: earlier lines fewer than D days before it.
            var window = ordered.Take(i + 1).Where(l => NationalTime.DaysBetween(l.Date, line.Date) < days).ToList();
            if (window.Count <= limit)
                continue;
            var earlier = window.Take(window.Count - 1).ToList();
            yield return new PersonHit(line.FixmedinsCode, line.MdtrtId, new Hit([line.FeedetlSn], [line.Amount],
                earlier.Where(l => l.EpisodeKey == line.EpisodeKey).Select(l => l.FeedetlSn).ToList(),
                $"{point.ItemName} 限 {days} 天内 {limit} 次，{NationalTime.Format(earlier[0].Date)} 至 {NationalTime.Format(line.Date)} 共 {window.Count} 次（前次：{string.Join("、", earlier.Select(l => $"{l.MdtrtId} {NationalTime.Format(l.Date)}"))}）",
                $"{partition.Code}@{line.EpisodeKey}/{line.FeedetlSn}"));
        }
    }
}
