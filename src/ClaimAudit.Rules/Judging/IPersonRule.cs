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

    /// <summary>
    /// A line partition of fewer lines never hits (a duplicate needs two lines): the engine answers such a partition
    /// without reading it, which matters where nearly every partition holds one line. Never more than the fewest
    /// lines <see cref="Check"/> can hit on.
    /// </summary>
    int MinimumLines => 0;

    IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines);
}
