using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// Scope X: judged over a person's history. Line partitions work as for episode rules; a rule that reads the
/// episodes themselves (dates, diagnoses) is judged again, with partition <see cref="PartitionKey.Whole"/> and no
/// lines, whenever one changes.
/// </summary>
public interface IPersonRule : IRule
{
    void PartitionsOf(PersonLine line, List<PartitionKey> partitions) { }

    bool JudgesEpisodes => false;

    IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines);
}
