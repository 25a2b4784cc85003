using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Judging;

/// <summary>A cross-episode verdict addressed to the episode it belongs to.</summary>
public sealed record PersonHit(string FixmedinsCode, string MdtrtId, Hit Hit);
