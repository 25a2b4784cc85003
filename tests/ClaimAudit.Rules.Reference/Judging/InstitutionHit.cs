using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>An institution verdict for one period.</summary>
public sealed record InstitutionHit(string Period, Hit Hit);
