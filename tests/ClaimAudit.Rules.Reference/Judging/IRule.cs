using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>A compiled rule instance: a rule kind bound to its definition and knowledge.</summary>
public interface IRule
{
    RuleDefinition Definition { get; }

    /// <summary>Why the rule cannot judge this episode at all (e.g. sex or institution level unknown), or null.</summary>
    string? MissingData(AuditContext context) => null;

    /// <summary>A line this rule would judge lacks a field it needs (e.g. a drug without <c>prd_days</c>): "no data", not a pass.</summary>
    bool LacksData(AuditContext context, FeeLine line) => false;

    /// <summary>What a line lacking data lacks, for the coverage statement.</summary>
    string LackingDataReason => "lines lack the data this rule needs";
}
