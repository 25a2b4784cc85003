using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>A compiled rule instance: a rule kind bound to its definition and knowledge.</summary>
public interface IRule
{
    RuleDefinition Definition { get; }
}

/// <summary>Scope L: judged on one line, with the episode's and person's attributes.</summary>
public interface ILineRule : IRule
{
    Hit? Check(AuditContext context, NetLine line);
}

/// <summary>
/// Scope E: judged over a partition of the episode's lines (an item, an item on one day, all bed fees …).
/// The engine re-judges only the partitions a batch touched, so the cost of a batch does not grow with the
/// episode's length, and the result depends only on the partition's lines, never on their arrival order.
/// </summary>
public interface IEpisodeRule : IRule
{
    /// <summary>The partition a line belongs to, or null when the rule never looks at it.</summary>
    string? PartitionOf(AuditContext context, NetLine line);

    IEnumerable<Hit> Check(AuditContext context, IReadOnlyList<NetLine> partition);
}

/// <summary>Scope X: judged over a person's history of episodes.</summary>
public interface IPersonRule : IRule
{
    IEnumerable<PersonHit> Check(PersonHistory history);
}

/// <summary>What the engine knows when it judges an episode's lines.</summary>
public sealed record AuditContext(Episode Episode, InstitutionProfile? Institution);

/// <summary>
/// An original fee line with its refunds folded in: <see cref="Cnt"/> and <see cref="Amount"/> are net.
/// Rules only ever see net lines; a refund line itself is never judged.
/// </summary>
public readonly record struct NetLine(FeeLine Line, decimal Cnt, decimal Amount)
{
    public string Sn => Line.FeedetlSn;
    public DateOnly Date => Line.Date;

    /// <summary>Time order with the serial number as tie-break, so "the lines past the limit" never depend on arrival order.</summary>
    public static readonly IComparer<NetLine> TimeOrder = Comparer<NetLine>.Create((a, b) =>
    {
        var byTime = a.Line.FeeOcurTime.CompareTo(b.Line.FeeOcurTime);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Sn, b.Sn);
    });
}

/// <summary>
/// A rule's verdict before the engine stamps it with rule, episode and id. <see cref="LineAmounts"/> runs
/// parallel to <see cref="FeedetlSns"/>: how much of the amount falls on each line at fault.
/// </summary>
public sealed record Hit(
    IReadOnlyList<string> FeedetlSns,
    IReadOnlyList<decimal> LineAmounts,
    IReadOnlyList<string> RelatedSns,
    string Message,
    string? Subject = null)
{
    public decimal Amount => LineAmounts.Sum();

    public static Hit OnLine(NetLine line, decimal amount, string message) => new([line.Sn], [amount], [], message);

    public static Hit WithoutAmount(string message, string subject) => new([], [], [], message, subject);
}

/// <summary>A cross-episode verdict addressed to the episode it belongs to.</summary>
public sealed record PersonHit(string FixmedinsCode, string MdtrtId, Hit Hit);
