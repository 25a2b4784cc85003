using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using Orleans.Concurrency;

namespace ClaimAudit.Grains.Findings;

[StatelessWorker, GrainType("findings")]
public sealed class FindingsGrain(IEpisodeStore store) : Grain, IFindingsGrain
{
    public async Task<FindingPlace?> Locate(string findingId) =>
        await store.LocateAsync(findingId) is { } place ? new FindingPlace(place.FixmedinsCode, place.MdtrtId) : null;

    public async Task<FindingPage> Search(FindingQuery query) =>
        await store.SearchAsync(query with { PageSize = Math.Clamp(query.PageSize, 1, FindingSearch.MaxPageSize) });

    public async Task<IReadOnlyDictionary<string, int>> CountByStatus(FindingQuery query) =>
        await store.CountByStatusAsync(query with { Statuses = [], After = null });

    public async Task<IReadOnlyList<InstitutionTotals>> Region(string? admdvsPrefix, string? fromPeriod, string? toPeriod) =>
        await store.RegionAsync(admdvsPrefix, fromPeriod, toPeriod);

    public async Task<Scorecard> Scorecard(string fixmedinsCode, string? fromPeriod, string? toPeriod) =>
        await store.ScorecardAsync(fixmedinsCode, fromPeriod, toPeriod);
}
