using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Abstractions;

/// <summary>
/// One insured person, keyed <c>psn_no</c>: the history that cross-episode rules read. Episodes call it; it calls an
/// episode back only to say its findings moved (<see cref="IEpisodeGrain.CrossEpisodeChanged"/>, interleaved), so no
/// call cycle can block.
/// </summary>
[Alias("ClaimAudit.IPersonGrain")]
public interface IPersonGrain : IGrainWithStringKey
{
    /// <summary>Records an episode's facts and its new or changed lines (net of refunds); answers the cross-episode findings addressed to that episode.</summary>
    [Alias("Update")]
    Task<IReadOnlyList<Finding>> Update(PersonEpisode episode, IReadOnlyList<PersonLine> lines);

    [Alias("FindingsFor")]
    Task<IReadOnlyList<Finding>> FindingsFor(string fixmedinsCode, string mdtrtId);

    /// <summary>The person's episodes and lines as the cross-episode rules read them (empty for a person never seen); changes nothing.</summary>
    [Alias("Record")]
    Task<PersonRecord> Record();
}
