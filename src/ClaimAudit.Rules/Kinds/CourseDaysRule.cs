using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>course.days</c> (E): the distinct dates on which an item was billed within the episode exceed its payment
/// course (NHSA b6 "支付不超过14天", b8-3). Amount: the lines on the dates after the limit-th.
/// </summary>
public sealed class CourseDaysRule(RuleDefinition definition, KnowledgeBase knowledge) : IEpisodeRule
{
    public const string Kind = "course.days";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Course);

    public void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions)
    {
        if (knowledge.Find(LimitTypes.Course, line.Code) is not null)
            partitions.Add(PartitionKey.OfCode(line.Code));
    }

    public IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition)
    {
        var point = knowledge.Find(LimitTypes.Course, partition[0].Code)!;
        var limit = (int)point.Quantity;
        var billed = partition.Where(l => l.Cnt > 0).ToList();
        var dates = billed.Select(l => l.Date).Distinct().Order().ToList();
        if (dates.Count <= limit)
            yield break;
        var lastPaid = dates[limit - 1];
        var beyond = billed.Where(l => l.Date > lastPaid).OrderBy(l => l, NetLine.TimeOrder).ToList();
        yield return new Hit(beyond.Select(l => l.Sn).ToList(), beyond.Select(l => l.Amount).ToList(),
            billed.OrderBy(l => l, NetLine.TimeOrder).Select(l => l.Sn).ToList(),
            $"{point.ItemName} 支付疗程 {limit} 天，本次就诊于 {dates.Count} 个日期计费（{NationalTime.Format(dates[0])} 至 {NationalTime.Format(dates[^1])}），{NationalTime.Format(lastPaid)} 之后的计费超出疗程");
    }
}
