using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Judging;

/// <summary>A compiled rule instance: a rule kind bound to its definition and knowledge.</summary>
public interface IRule
{
    RuleDefinition Definition { get; }

    /// <summary>Why the rule cannot judge this episode at all (e.g. sex or institution level unknown), or null.</summary>
    string? MissingData(AuditContext context) => null;

    /// <summary>A line this rule would judge lacks a field it needs (e.g. a drug without <c>prd_days</c>): "no data", not a pass.</summary>
    bool LacksData(AuditContext context, NetLine line) => false;

    /// <summary>
    /// Whether the verdict reads what a discharge (2402) sets: <c>endtime</c>, the final <c>diseinfo</c>, <c>dscg_way</c>.
    /// Only these rules (and those that await the discharge) are judged again when it arrives, so a discharge costs
    /// the lines they read, not every rule on every line. A rule that reads the discharge and does not say so keeps
    /// its admission-time verdict.
    /// </summary>
    bool ReadsDischarge => false;

    /// <summary>
    /// The codes (<c>med_list_codg</c>) of the lines this rule reads at all, or null for lines of any code: its verdict,
    /// its partitions and its lacking data never concern a line of another code. The rule set compiles these into one
    /// lookup per line (<see cref="RuleSets.RuleSet.For"/>), so a line of an unrestricted item asks no rule that names
    /// codes.
    /// </summary>
    IReadOnlyCollection<string>? Codes => null;

    /// <summary>What a line lacking data lacks, for the coverage statement.</summary>
    string LackingDataReason => "lines lack the data this rule needs";
}
