using ClaimAudit.Abstractions;
using Orleans.Concurrency;

namespace ClaimAudit.Grains.AccessLog;

public interface IAccessLogStore
{
    ValueTask AppendAsync(IReadOnlyList<AccessEntry> entries, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<AccessEntry>> QueryAsync(AccessLogQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The embedded default's access log: the last <see cref="Capacity"/> reads, in process memory.</summary>
public sealed class InMemoryAccessLogStore : IAccessLogStore
{
    public const int Capacity = 100_000;
    private readonly LinkedList<AccessEntry> _entries = new();

    public ValueTask AppendAsync(IReadOnlyList<AccessEntry> entries, CancellationToken cancellationToken = default)
    {
        lock (_entries)
            foreach (var entry in entries)
            {
                _entries.AddFirst(entry);
                if (_entries.Count > Capacity)
                    _entries.RemoveLast();
            }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<AccessEntry>> QueryAsync(AccessLogQuery query, CancellationToken cancellationToken = default)
    {
        lock (_entries)
            return ValueTask.FromResult<IReadOnlyList<AccessEntry>>(_entries
                .Where(e => (query.FixmedinsCode is null || e.FixmedinsCode == query.FixmedinsCode)
                            && (query.MdtrtId is null || e.MdtrtId == query.MdtrtId)
                            && (query.CredentialId is null || e.CredentialId == query.CredentialId)
                            && (query.From is null || e.At >= query.From)
                            && (query.To is null || e.At < query.To))
                .Take(query.Limit)
                .ToList());
    }
}

[StatelessWorker, GrainType("access-log")]
public sealed class AccessLogGrain(IAccessLogStore store) : Grain, IAccessLogGrain
{
    public async Task Record(IReadOnlyList<AccessEntry> entries) => await store.AppendAsync(entries);

    public async Task<IReadOnlyList<AccessEntry>> Query(AccessLogQuery query) =>
        await store.QueryAsync(query with { Limit = Math.Clamp(query.Limit, 1, 1_000) });
}
