using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Judging;

/// <summary>An institution verdict for one period.</summary>
public sealed record InstitutionHit(string Period, Hit Hit);
