using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Abstractions;

/// <summary>
/// One institution, keyed <c>fixmedins_code</c>: attributes the rules need (level) and counters fed by episode
/// deltas — at discharge, never once per line, so it cannot become a hot spot.
/// </summary>
[Alias("ClaimAudit.IInstitutionGrain")]
public interface IInstitutionGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task<InstitutionView> Upsert(InstitutionProfile profile);

    [Alias("GetProfile")]
    Task<InstitutionProfile?> GetProfile();

    [Alias("Get")]
    Task<InstitutionView?> Get();

    [Alias("Apply")]
    Task Apply(InstitutionDelta delta);
}
