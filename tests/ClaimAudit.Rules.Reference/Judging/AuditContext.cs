using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>What the engine knows when it judges an episode's lines.</summary>
public sealed record AuditContext(Episode Episode, InstitutionProfile? Institution)
{
    /// <summary>"No data" for rules that need the institution's level: it was never registered, or its hosp_lv is not a national code.</summary>
    public string? UnknownLevel => Institution?.Level is null or InstitutionLevel.Unknown
        ? $"institution {Episode.FixmedinsCode} has no known hosp_lv"
        : null;
}
