using System.Collections.Concurrent;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Storage;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;

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

    /// <summary>Several episodes' fee-line logs in one round trip (a person rebuilding its history): every key answered, an episode without lines with none.</summary>
    ValueTask<IReadOnlyDictionary<string, IReadOnlyList<FeeLine>>> ReadLogsAsync(IReadOnlyCollection<string> episodeKeys, CancellationToken cancellationToken = default);

    /// <summary>
    /// What an episode grain rebuilds from, in one round trip: its lines, the findings recorded as withdrawn, and the
    /// current findings of the cross-episode rules named (its person's, as the person last recorded them).
    /// </summary>
    ValueTask<StoredEpisode> ReadEpisodeAsync(string episodeKey, IReadOnlyCollection<string> crossEpisodeRuleIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records findings judged outside an episode grain (a person's cross-episode findings) with the region of each
    /// one's institution. A decision the episode recorded on such a finding stays unless its amount changed or it was withdrawn.
    /// </summary>
    ValueTask RecordFindingsAsync(IReadOnlyList<Finding> findings, Func<Finding, string?> admdvsOf, CancellationToken cancellationToken = default);

    /// <summary>Which episode a finding belongs to, or null when no finding has this id.</summary>
    ValueTask<FindingLocation?> LocateAsync(string findingId, CancellationToken cancellationToken = default);

    ValueTask<FindingPage> SearchAsync(FindingQuery query, CancellationToken cancellationToken = default);

    /// <summary>The findings matching the query's filters (statuses and cursor aside), counted by status (national names).</summary>
    ValueTask<IReadOnlyDictionary<string, int>> CountByStatusAsync(FindingQuery query, CancellationToken cancellationToken = default);

    /// <summary>Each institution of a region (admdvs prefix) with its discharged episodes in the periods, summed.</summary>
    ValueTask<IReadOnlyList<InstitutionTotals>> RegionAsync(string? admdvsPrefix, string? fromPeriod, string? toPeriod, CancellationToken cancellationToken = default);

    /// <summary>An institution's discharged episodes and their findings by month of discharge (periods <c>yyyy-MM</c>, inclusive).</summary>
    ValueTask<Scorecard> ScorecardAsync(string fixmedinsCode, string? fromPeriod, string? toPeriod, CancellationToken cancellationToken = default);
}

public static class EpisodeStoreExtensions
{
    /// <summary>One episode's fee-line log, in the order its lines were accepted.</summary>
    public static async ValueTask<IReadOnlyList<FeeLine>> ReadAsync(this IEpisodeStore store, string episodeKey, CancellationToken cancellationToken = default) =>
        (await store.ReadLogsAsync([episodeKey], cancellationToken))[episodeKey];
}

/// <summary>
/// What one episode call persists: new lines, findings whose state changed (with the region of the episode's
/// institution), review events appended, and the episode's summary row.
/// </summary>
public sealed record EpisodeWrite(string EpisodeKey, IReadOnlyList<FeeLine> Lines, IReadOnlyList<Finding> Findings, EpisodeSummary? Summary)
{
    public string? Admdvs { get; init; }

    public IReadOnlyList<FindingEvent> Events { get; init; } = [];
}

/// <summary>An episode as its store holds it: the fee-line log in arrival order, its withdrawn findings and its findings' review events in order.</summary>
public sealed record StoredEpisode(IReadOnlyList<FeeLine> Lines, IReadOnlyList<Finding> Withdrawn)
{
    public IReadOnlyList<FindingEvent> Events { get; init; } = [];

    /// <summary>
    /// The person's current findings on this episode as recorded (a person records them before it answers an update),
    /// each in the state the read model keeps: a decision on one is the episode's to apply, from its events.
    /// </summary>
    public IReadOnlyList<Finding> CrossEpisode { get; init; } = [];
}

/// <summary>Where a finding lives: its episode's institution and id.</summary>
public readonly record struct FindingLocation(string FixmedinsCode, string MdtrtId);

/// <summary>The episodes index row.</summary>
public sealed record EpisodeSummary(
    string FixmedinsCode, string MdtrtId, string PsnNo, string MedType, DateTime Begntime, DateTime? Endtime,
    string Status, int LineCount, decimal Amount, decimal Deduction)
{
    /// <summary>What a discharged episode adds to its institution's month (null before discharge).</summary>
    public PeriodTotals? Period { get; init; }
}

/// <summary>The embedded default's store: process memory, gone when the process ends.</summary>
public sealed class InMemoryEpisodeStore : IEpisodeStore
{
    // Each accepted batch as the durable log stores it (FeeBatchFormat), not as line objects: a province's log is
    // held here beside its episodes, and a batch's bytes are a fraction of its lines' objects and strings.
    private readonly ConcurrentDictionary<string, List<byte[]>> _episodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Finding>> _findings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<FindingEvent>> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FindingLocation> _locations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ListedFinding> _listed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (EpisodeSummary Summary, string? Admdvs)> _summaries = new(StringComparer.Ordinal);

    public ValueTask AppendAsync(EpisodeWrite write, CancellationToken cancellationToken = default)
    {
        if (write.Lines.Count > 0)
        {
            var batch = FeeBatchFormat.Encode(write.Lines);
            var log = _episodes.GetOrAdd(write.EpisodeKey, _ => []);
            lock (log)
                log.Add(batch);
        }
        Keep(write.Findings, _ => write.Admdvs, keepDecided: false);
        if (write.Summary is { } summary)
            _summaries[write.EpisodeKey] = (summary, write.Admdvs);
        if (write.Events.Count > 0)
        {
            var events = _events.GetOrAdd(write.EpisodeKey, _ => []);
            lock (events)
                events.AddRange(write.Events);
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask<StoredEpisode> ReadEpisodeAsync(string episodeKey, IReadOnlyCollection<string> crossEpisodeRuleIds, CancellationToken cancellationToken = default)
    {
        var lines = await this.ReadAsync(episodeKey, cancellationToken);
        var events = _events.TryGetValue(episodeKey, out var stored) ? stored : [];
        var findings = _findings.TryGetValue(episodeKey, out var kept) ? kept.Values.ToList() : [];
        lock (events)
            return new(lines, findings.Where(f => f.Status == FindingStatus.Withdrawn).ToList())
            {
                Events = events.ToList(),
                CrossEpisode = findings.Where(f => f.Status != FindingStatus.Withdrawn && crossEpisodeRuleIds.Contains(f.RuleId)).ToList(),
            };
    }

    public ValueTask<FindingLocation?> LocateAsync(string findingId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_locations.TryGetValue(findingId, out var location) ? location : (FindingLocation?)null);

    public ValueTask<FindingPage> SearchAsync(FindingQuery query, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(FindingSearch.Page(_listed.Values, query));

    public ValueTask<IReadOnlyDictionary<string, int>> CountByStatusAsync(FindingQuery query, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(FindingSearch.CountByStatus(_listed.Values, query));

    public ValueTask<IReadOnlyList<InstitutionTotals>> RegionAsync(string? admdvsPrefix, string? fromPeriod, string? toPeriod, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<InstitutionTotals> totals = _summaries.Values
            .Where(e => e.Summary.Period is { } p && FindingSearch.InPeriods(p.Period, fromPeriod, toPeriod)
                && (admdvsPrefix is null || (e.Admdvs?.StartsWith(admdvsPrefix, StringComparison.Ordinal) ?? false)))
            .GroupBy(e => e.Summary.FixmedinsCode, StringComparer.Ordinal)
            .Select(g => new InstitutionTotals(g.Key, g.First().Admdvs, g.Count(), g.Sum(e => e.Summary.Amount), g.Sum(e => e.Summary.Deduction)))
            .ToList();
        return ValueTask.FromResult(totals);
    }

    public ValueTask<Scorecard> ScorecardAsync(string fixmedinsCode, string? fromPeriod, string? toPeriod, CancellationToken cancellationToken = default)
    {
        var episodes = _summaries.Values.Select(e => e.Summary)
            .Where(e => e.FixmedinsCode == fixmedinsCode && e.Period is { } p && FindingSearch.InPeriods(p.Period, fromPeriod, toPeriod))
            .ToList();
        var months = episodes.GroupBy(e => e.Period!.Period).OrderBy(g => g.Key, StringComparer.Ordinal).Select(month =>
        {
            var keys = month.Select(e => EpisodeKey.Of(e.FixmedinsCode, e.MdtrtId)).ToHashSet(StringComparer.Ordinal);
            var findings = FindingSearch.Tally(_listed.Values.Select(l => l.Finding).Where(f => keys.Contains(f.EpisodeKey)));
            var total = month.Select(e => e.Period!).Aggregate((a, b) => a.Plus(b));
            return FindingSearch.Month(month.Key, total, month.Sum(e => e.LineCount), month.Sum(e => e.Deduction), findings);
        }).ToList();
        return ValueTask.FromResult(new Scorecard(fixmedinsCode, months));
    }

    private void Keep(IReadOnlyList<Finding> findings, Func<Finding, string?> admdvsOf, bool keepDecided)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var finding in findings)
        {
            _findings.GetOrAdd(finding.EpisodeKey, _ => new(StringComparer.Ordinal))[finding.FindingId] = finding;
            _locations[finding.FindingId] = new FindingLocation(finding.FixmedinsCode, finding.MdtrtId);
            _listed.AddOrUpdate(finding.FindingId,
                _ => new ListedFinding(finding, admdvsOf(finding), now),
                (_, was) => new ListedFinding(
                    keepDecided && finding.Status != FindingStatus.Withdrawn && was.Finding.Status != FindingStatus.Withdrawn && was.Finding.Amount == finding.Amount
                        ? finding with { Status = was.Finding.Status }
                        : finding,
                    admdvsOf(finding) ?? was.Admdvs, was.RaisedAt));
        }
    }

    public ValueTask<IReadOnlyDictionary<string, IReadOnlyList<FeeLine>>> ReadLogsAsync(IReadOnlyCollection<string> episodeKeys, CancellationToken cancellationToken = default)
    {
        var logs = new Dictionary<string, IReadOnlyList<FeeLine>>(StringComparer.Ordinal);
        foreach (var key in episodeKeys)
        {
            if (!_episodes.TryGetValue(key, out var log))
            {
                logs[key] = [];
                continue;
            }
            byte[][] batches;
            lock (log)
                batches = [.. log];
            var lines = new List<FeeLine>();
            foreach (var batch in batches)
                lines.AddRange(FeeBatchFormat.Decode(batch));
            logs[key] = lines;
        }
        return ValueTask.FromResult<IReadOnlyDictionary<string, IReadOnlyList<FeeLine>>>(logs);
    }

    public ValueTask RecordFindingsAsync(IReadOnlyList<Finding> findings, Func<Finding, string?> admdvsOf, CancellationToken cancellationToken = default)
    {
        Keep(findings, admdvsOf, keepDecided: true);
        return ValueTask.CompletedTask;
    }
}
