using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>A cross-episode verdict addressed to the episode it belongs to.</summary>
public sealed record PersonHit(string FixmedinsCode, string MdtrtId, Hit Hit);
