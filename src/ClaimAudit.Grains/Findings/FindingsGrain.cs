using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using Orleans.Concurrency;

namespace ClaimAudit.Grains.Findings;

[StatelessWorker, GrainType("findings")]
public sealed class FindingsGrain(IEpisodeStore store) : Grain, IFindingsGrain
{
    public async Task<FindingPlace?> Locate(string findingId) =>
        await store.LocateAsync(findingId) is { } place ? new FindingPlace(place.FixmedinsCode, place.MdtrtId) : null;
}
