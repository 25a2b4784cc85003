using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// Scope E: judged over partitions of the episode's lines (an item, an item on one day, all bed fees …). The
/// engine re-judges only the partitions a batch touched, so the cost of a batch does not grow with the episode's
/// length, and the result depends only on the partition's lines, never on their arrival order.
/// </summary>
public interface IEpisodeRule : IRule
{
    /// <summary>
    /// Adds the partitions a line belongs to; none when the rule never looks at it. They may depend on the line, the
    /// rule's knowledge and the episode's setting (med_type) only: the engine keeps them across a discharge or a new
    /// institution level.
    /// </summary>
    void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions);

    /// <summary>Judged only once the discharge is known (the stay's length is part of the rule).</summary>
    bool AwaitsDischarge => false;

    /// <summary>
    /// Whether a partition holding lines of these codes can give a hit at all. False lets the engine answer "no hit"
    /// without reading the partition — which matters when a partition spans a whole long stay — so it must never be
    /// false where <see cref="Check"/> would hit. The codes are those of <see cref="CodesOf"/> that have lines; a rule
    /// whose partitions are not codes is given an empty set.
    /// </summary>
    bool MayFire(PartitionKey partition, IReadOnlySet<string> codes) => true;

    /// <summary>
    /// The codes whose lines are exactly the lines of <paramref name="partition"/> (a pair's two items), or null (the
    /// default) where a partition is not every line of some codes. Where it is, the engine keeps each such code's
    /// lines once, rather than each partition's (a code in many pairs is in many partitions).
    /// </summary>
    IReadOnlyList<string>? CodesOf(PartitionKey partition) => null;

    /// <summary>Judges one partition: <paramref name="key"/> names it (the item, the day …), <paramref name="partition"/> holds its net lines.</summary>
    IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition);
}
