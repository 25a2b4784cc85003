using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>
/// Scope X: judged over a person's history. Line partitions work as for episode rules; a rule that reads the
/// episodes themselves (dates, diagnoses) is judged again, with partition "" and no lines, whenever one changes.
/// </summary>
public interface IPersonRule : IRule
{
    IEnumerable<string> PartitionsOf(PersonLine line) => [];

    bool JudgesEpisodes => false;

    IEnumerable<PersonHit> Check(PersonHistory history, string partition, IReadOnlyList<PersonLine> lines);
}
