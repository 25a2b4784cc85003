using System.Diagnostics;
using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>One measured run: episodes of one length, the lines they carried, and how fast they went in.</summary>
public sealed record IngestResult(int LinesPerEpisode, int Episodes, int Lines, int BatchSize, TimeSpan Elapsed, double LinesPerSecond, double P50Ms, double P99Ms);

/// <summary>
/// Ingest throughput by episode length, through the grains of a silo hosted in this process (durable when it
/// has a connection string). Admissions happen before the clock starts; then every episode's batches go in
/// order, many episodes at once. The same batch size for every length isolates what the episode's length costs.
/// </summary>
public sealed class IngestBench(IGrainFactory grains)
{
    public Task<IngestResult> RunAsync(string runId, int linesPerEpisode, int totalLines, int batchSize, int concurrency, CancellationToken cancellationToken) =>
        MeasureAsync(linesPerEpisode, totalLines, batchSize, concurrency, async (e, episode) =>
        {
            var mdtrt = $"B{runId}-{linesPerEpisode}-{e:D6}";
            var grain = grains.GetEpisode("HBENCH", mdtrt);
            await grain.Admit(episode with { PsnNo = $"PB{runId}-{linesPerEpisode}-{e:D6}", MdtrtId = mdtrt });
            return batch => grain.AddFeeLines(batch);
        }, runId, cancellationToken);

    /// <summary>The same episodes through baseline B1: one call per line, the whole episode state written each time.</summary>
    public Task<IngestResult> RunStraightforwardAsync(string runId, int linesPerEpisode, int totalLines, int concurrency, CancellationToken cancellationToken) =>
        MeasureAsync(linesPerEpisode, totalLines, 1, concurrency, async (e, episode) =>
        {
            var mdtrt = $"B1{runId}-{linesPerEpisode}-{e:D6}";
            var grain = grains.GetGrain<Baselines.IStraightforwardEpisodeGrain>($"HBENCH/{mdtrt}");
            await grain.Admit(episode with { PsnNo = $"PB1{runId}-{e:D6}", MdtrtId = mdtrt });
            return batch => grain.AddFeeLine(batch[0]);
        }, runId, cancellationToken);

    /// <summary>
    /// Admits the episodes (untimed), then sends every episode's calls in order, <paramref name="concurrency"/>
    /// episodes at once, timing each call and the whole.
    /// </summary>
    private static async Task<IngestResult> MeasureAsync(int linesPerEpisode, int totalLines, int callSize, int concurrency,
        Func<int, Episode, Task<Func<FeeLine[], Task>>> admit, string runId, CancellationToken cancellationToken)
    {
        var episodes = Math.Max(1, totalLines / linesPerEpisode);
        var admitted = new List<(Func<FeeLine[], Task> Send, FeeLine[][] Calls)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, episodes), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (e, _) =>
        {
            var stay = Stay($"{runId}-{e}", e, linesPerEpisode);
            var send = await admit(e, stay.Episode);
            var calls = stay.Feedetail.Chunk(callSize).ToArray();
            lock (admitted)
                admitted.Add((send, calls));
        });

        var latencies = new List<double>(episodes * linesPerEpisode / callSize + 1);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(admitted, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (episode, _) =>
        {
            var mine = new List<double>(episode.Calls.Length);
            foreach (var call in episode.Calls)
            {
                var started = Stopwatch.GetTimestamp();
                await episode.Send(call);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            lock (latencies)
                latencies.AddRange(mine);
        });
        clock.Stop();
        // The lines sent are garbage once sent, but a caller measuring the heap right after this returns runs in its
        // completion, with this method's locals still reachable: they would be counted as the silo's.
        admitted.Clear();
        latencies.Sort();
        var lines = episodes * linesPerEpisode;
        return new IngestResult(linesPerEpisode, episodes, lines, callSize, clock.Elapsed, lines / clock.Elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>An open inpatient stay of <paramref name="lines"/> lines at the benchmark's hospital, admitted on one of 300 days.</summary>
    public static EpisodeDocument Stay(string mdtrtId, int index, int lines)
    {
        var admission = new DateTime(2026, 1, 1, 8, 0, 0).AddDays(index % 300);
        var episode = new Episode("HBENCH", mdtrtId, $"P{mdtrtId}", "1", new DateOnly(1970, 1, 1), "310", "21", admission, [new Diagnosis("1", "1", "J18.900")]);
        return new EpisodeDocument(episode, "05", Enumerable.Range(0, lines).Select(i => Line(i, admission)).ToList());
    }

    /// <summary>
    /// A day of an inpatient stay is 20 lines: bed, consultation and nursing once, then drugs and lab tests at their
    /// own minutes. An episode of L lines is L / 20 days, so long and short episodes are billed alike, just for longer.
    /// </summary>
    private static FeeLine Line(int i, DateTime admission)
    {
        var (day, slot) = (i / 20, i % 20);
        var (code, type, pric) = slot switch
        {
            0 => ("001109000010000", "01", 50m),
            1 => ("001102000050000", "02", 20m),
            2 => ("001201000040000", "07", 30m),
            _ when slot % 2 == 1 => ("XB05BAU005B002010102180", "09", 40m),
            _ => ("002503100070000", "04", 80m),
        };
        return new FeeLine($"{i:D6}", admission.Date.AddDays(day).AddHours(7).AddMinutes(slot * 3), code, type, 1, pric, pric, ChrgitmLv: "01", BilgDeptCodg: "A03");
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
