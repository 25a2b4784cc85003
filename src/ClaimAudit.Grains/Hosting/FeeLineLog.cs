using System.Collections.Concurrent;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Grains.Hosting;

/// <summary>
/// The append-only log of an episode's fee lines. Grain state stays small; an episode grain appends each
/// accepted batch once and rebuilds from the log when it activates.
/// </summary>
public interface IFeeLineLog
{
    ValueTask AppendAsync(string episodeKey, IReadOnlyList<FeeLine> lines, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<FeeLine>> ReadAsync(string episodeKey, CancellationToken cancellationToken = default);
}

/// <summary>The embedded default's log: process memory, gone when the process ends.</summary>
public sealed class InMemoryFeeLineLog : IFeeLineLog
{
    private readonly ConcurrentDictionary<string, List<FeeLine>> _episodes = new(StringComparer.Ordinal);

    public ValueTask AppendAsync(string episodeKey, IReadOnlyList<FeeLine> lines, CancellationToken cancellationToken = default)
    {
        var log = _episodes.GetOrAdd(episodeKey, _ => []);
        lock (log)
            log.AddRange(lines);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<FeeLine>> ReadAsync(string episodeKey, CancellationToken cancellationToken = default)
    {
        if (!_episodes.TryGetValue(episodeKey, out var log))
            return ValueTask.FromResult<IReadOnlyList<FeeLine>>([]);
        lock (log)
            return ValueTask.FromResult<IReadOnlyList<FeeLine>>(log.ToArray());
    }
}
