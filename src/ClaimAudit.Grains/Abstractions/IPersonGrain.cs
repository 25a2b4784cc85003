using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Grains.Abstractions;

/// <summary>
/// One insured person, keyed <c>psn_no</c>: the history that cross-episode rules read. Episodes call it; it never
/// calls an episode back, so no call cycle can form.
/// </summary>
[Alias("ClaimAudit.IPersonGrain")]
public interface IPersonGrain : IGrainWithStringKey
{
    /// <summary>Records an episode's facts; answers the cross-episode findings addressed to that episode.</summary>
    [Alias("Record")]
    Task<IReadOnlyList<Finding>> Record(PersonEpisode episode);

    [Alias("FindingsFor")]
    Task<IReadOnlyList<Finding>> FindingsFor(string fixmedinsCode, string mdtrtId);
}
