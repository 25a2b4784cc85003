using System.Collections.Concurrent;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Grains.Hosting;

/// <summary>
/// Where episodes keep what grain state does not: the append-only log of fee lines (an episode grain appends each
/// accepted batch once and rebuilds from the log when it activates) and the read model of findings and episodes
/// that queries across grains use. One call is one round trip and one transaction.
/// </summary>
public interface IEpisodeStore
{
    /// <summary>Appends a batch's lines and records the findings and episode summary it changed, atomically.</summary>
    ValueTask AppendAsync(EpisodeWrite write, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<FeeLine>> ReadAsync(string episodeKey, CancellationToken cancellationToken = default);

    /// <summary>What an episode grain rebuilds from, in one round trip: its lines and the findings recorded as withdrawn.</summary>
    ValueTask<StoredEpisode> ReadEpisodeAsync(string episodeKey, CancellationToken cancellationToken = default);

    /// <summary>Records findings judged outside an episode grain (a person's cross-episode findings).</summary>
    ValueTask RecordFindingsAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default);
}

/// <summary>What one episode call persists: new lines, findings whose state changed, and the episode's summary row.</summary>
public sealed record EpisodeWrite(string EpisodeKey, IReadOnlyList<FeeLine> Lines, IReadOnlyList<Finding> Findings, EpisodeSummary? Summary);

/// <summary>An episode as its store holds it: the fee-line log in arrival order and its withdrawn findings.</summary>
public sealed record StoredEpisode(IReadOnlyList<FeeLine> Lines, IReadOnlyList<Finding> Withdrawn);

/// <summary>The episodes index row.</summary>
public sealed record EpisodeSummary(
    string FixmedinsCode, string MdtrtId, string PsnNo, string MedType, DateTime Begntime, DateTime? Endtime,
    string Status, int LineCount, decimal Amount, decimal Deduction);

/// <summary>The embedded default's store: process memory, gone when the process ends.</summary>
public sealed class InMemoryEpisodeStore : IEpisodeStore
{
    private readonly ConcurrentDictionary<string, List<FeeLine>> _episodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Finding>> _findings = new(StringComparer.Ordinal);

    public ValueTask AppendAsync(EpisodeWrite write, CancellationToken cancellationToken = default)
    {
        var log = _episodes.GetOrAdd(write.EpisodeKey, _ => []);
        lock (log)
            log.AddRange(write.Lines);
        if (write.Findings.Count > 0)
        {
            var findings = _findings.GetOrAdd(write.EpisodeKey, _ => new(StringComparer.Ordinal));
            foreach (var finding in write.Findings)
                findings[finding.FindingId] = finding;
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask<StoredEpisode> ReadEpisodeAsync(string episodeKey, CancellationToken cancellationToken = default) => new(
        await ReadAsync(episodeKey, cancellationToken),
        _findings.TryGetValue(episodeKey, out var findings) ? findings.Values.Where(f => f.Status == FindingStatus.Withdrawn).ToList() : []);

    public ValueTask<IReadOnlyList<FeeLine>> ReadAsync(string episodeKey, CancellationToken cancellationToken = default)
    {
        if (!_episodes.TryGetValue(episodeKey, out var log))
            return ValueTask.FromResult<IReadOnlyList<FeeLine>>([]);
        lock (log)
            return ValueTask.FromResult<IReadOnlyList<FeeLine>>(log.ToArray());
    }

    public ValueTask RecordFindingsAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
