using System.Diagnostics;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Persistence;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>Latency percentiles of one kind of request, in milliseconds.</summary>
public sealed record LatencyStats(int Count, double P50, double P99, double P999, double Max)
{
    public static LatencyStats Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        double At(double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
        return new LatencyStats(sorted.Count, At(0.50), At(0.99), At(0.999), sorted.Count == 0 ? 0 : sorted[^1]);
    }
}

/// <summary>What the HTTP edge of a durable cluster measured while bulk ingest ran.</summary>
public sealed record EdgeReport(
    double PhaseSeconds,
    double MaxCheckRate,
    double OfferedCheckRate,
    LatencyStats Check,
    double BulkAloneLinesPerSecond,
    double BulkWithChecksLinesPerSecond,
    LatencyStats CheckWithoutLane,
    double BulkWithChecksWithoutLaneLinesPerSecond,
    double QueryRate,
    LatencyStats EpisodeQuery,
    LatencyStats InstitutionQuery,
    double BulkWithQueriesLinesPerSecond,
    int Evicted,
    int ActivationsBefore,
    int ActivationsAfter,
    LatencyStats Reactivation,
    double ReactivationsPerSecond,
    int ReactivationMismatches,
    double HalfLoadBulkOffered = 0,
    double HalfLoadBulkAchieved = 0,
    double HalfLoadCheckRate = 0,
    LatencyStats? HalfLoadCheck = null)
{
    /// <summary>The first stays read after the silo started: the reactivation path compiled on the way, as in a silo just started.</summary>
    public LatencyStats? FirstReactivation { get; init; }

    public double FirstReactivationsPerSecond { get; init; }

    public double IngestDrop => BulkAloneLinesPerSecond == 0 ? 0 : 1 - BulkWithQueriesLinesPerSecond / BulkAloneLinesPerSecond;
}

/// <summary>
/// The HTTP edge of a durable cluster under bulk ingest, all with open-loop arrivals (requests are sent on a
/// schedule, whether or not earlier ones have answered, and timed from when they were due, so a stalled cluster
/// shows as latency instead of as fewer requests):
/// 1. the most 事中 checks (20-line batches on open stays) per second the cluster answers, closed loop;
/// 2. bulk ingest alone, for one phase (and again after the others: the mean of the two is the reference);
/// 3. 事中 checks at a stated rate while bulk ingest is offered open loop at half of what it reaches alone (the
///    cluster at half load): their p50/p99/p99.9;
/// 3b. bulk ingest at saturation with 事中 checks arriving at half their closed-loop maximum: their p50/p99/p99.9 — once
///    with the bulk requests in the gateway's bulk lane, once without (every request treated alike);
/// 4. bulk ingest with episode-status and institution-scorecard queries: their p99 and the ingest they cost;
/// 5. open 500-line stays evicted from memory, then read: reactivation p99 and rate, and whether every line came back —
///    first a quarter as many stays, the first reactivations since the silo started, then the measured ones.
/// </summary>
public sealed class EdgeBench(BenchCluster cluster, GatewayClient client, GatewayClient bulkClient, IReadOnlyList<EpisodeDocument> workload, TimeSpan phase,
    int concurrency, double queryRate, int evict, double checkRate = 50)
{
    private const int CheckBatch = 20;

    public async Task<EdgeReport> RunAsync(CancellationToken cancellationToken)
    {
        var stays = workload.Where(d => d.Episode.MedType.StartsWith('2')).ToList();

        // Open stays the 事中 checks bill into, in round-robin order so one stay's batches are far apart in time.
        var checkStays = Enumerable.Range(0, 3).SelectMany(k => GatewayClient.Copy(stays, $"C{k}-", open: true)).ToList();
        await Parallel.ForEachAsync(checkStays, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (d, ct) => await client.AdmitAsync(d.Episode, ct));
        var checks = RoundRobin(checkStays, CheckBatch);
        var next = -1;
        Task Check(int _)
        {
            var (episode, batch) = checks[Interlocked.Increment(ref next) % checks.Count];
            return client.SendLinesAsync(episode, batch, cancellationToken);
        }

        var maxRate = await ClosedLoopAsync(Check, phase / 2, cancellationToken);
        var alone = await BulkAsync(bulkClient, "A1-", null, cancellationToken);
        var halfLoad = await HalfLoadAsync(alone, Check, cancellationToken);
        var offered = maxRate / 2;
        double[] checkLatencies = [], unlanedLatencies = [];
        var withChecks = await BulkAsync(bulkClient, "A2-", async ct => checkLatencies = await OpenLoopAsync(offered, Check, ct), cancellationToken);
        var withChecksUnlaned = await BulkAsync(client, "A5-", async ct => unlanedLatencies = await OpenLoopAsync(offered, Check, ct), cancellationToken);

        // Even requests ask for an episode's status, odd ones for an institution's scorecard.
        var institutions = workload.Select(d => d.Episode.FixmedinsCode).Distinct().ToArray();
        Task Query(int i)
        {
            if (i % 2 == 0)
            {
                var d = workload[Random.Shared.Next(workload.Count)];
                return client.EpisodeAsync(d.Episode.FixmedinsCode, d.Episode.MdtrtId, cancellationToken);
            }
            return client.InstitutionAsync(institutions[Random.Shared.Next(institutions.Length)], cancellationToken);
        }
        double[] queryLatencies = [];
        var withQueries = await BulkAsync(bulkClient, "A3-", async ct => queryLatencies = await OpenLoopAsync(queryRate, Query, ct), cancellationToken);
        var episodeLatencies = queryLatencies.Where((_, i) => i % 2 == 0);
        var institutionLatencies = queryLatencies.Where((_, i) => i % 2 == 1);

        // Bulk alone again: the database has grown since the first phase; the drop is measured against both.
        var aloneAfter = await BulkAsync(bulkClient, "A4-", null, cancellationToken);

        var (before, after, first, reactivation, mismatches) = await ReactivationAsync(cancellationToken);
        return new EdgeReport(phase.TotalSeconds, maxRate, offered, LatencyStats.Of(checkLatencies), (alone + aloneAfter) / 2, withChecks,
            LatencyStats.Of(unlanedLatencies), withChecksUnlaned, queryRate,
            LatencyStats.Of(episodeLatencies), LatencyStats.Of(institutionLatencies), withQueries, evict, before, after, reactivation.Latency, reactivation.Rate, mismatches,
            halfLoad.Offered, halfLoad.Achieved, checkRate, halfLoad.Checks)
        {
            FirstReactivation = first.Latency,
            FirstReactivationsPerSecond = first.Rate,
        };
    }

    /// <summary>
    /// 事中 checks at <see cref="checkRate"/> per second while a fresh copy of the workload's open stays is billed open
    /// loop, 50-line batches on a schedule worth half of <paramref name="aloneLinesPerSecond"/>; both timed from when due.
    /// </summary>
    private async Task<(double Offered, double Achieved, LatencyStats Checks)> HalfLoadAsync(double aloneLinesPerSecond, Func<int, Task> check, CancellationToken cancellationToken)
    {
        var copy = GatewayClient.Copy(workload, "A6-", open: true);
        await Parallel.ForEachAsync(copy, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (d, ct) => await bulkClient.AdmitAsync(d.Episode, ct));
        var batches = RoundRobin(copy, 50);
        var offered = aloneLinesPerSecond / 2;
        var taken = bulkClient.LinesTaken;
        var clock = Stopwatch.StartNew();
        var bulk = OpenLoop.RunAsync(offered / 50, phase, i => i < batches.Count ? bulkClient.SendLinesAsync(batches[i].Episode, batches[i].Batch, cancellationToken) : Task.CompletedTask, cancellationToken);
        var checks = await OpenLoop.RunAsync(checkRate, phase, check, cancellationToken);
        await bulk;
        return (offered, (bulkClient.LinesTaken - taken) / clock.Elapsed.TotalSeconds, LatencyStats.Of(checks));
    }

    /// <summary>Bulk ingest of a fresh copy of the workload for one phase, with <paramref name="alongside"/> running meanwhile; answers its lines per second.</summary>
    private async Task<double> BulkAsync(GatewayClient sender, string prefix, Func<CancellationToken, Task>? alongside, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copy = GatewayClient.Copy(workload, prefix);
        var taken = sender.LinesTaken;
        var clock = Stopwatch.StartNew();
        var bulk = sender.FeedAsync(copy, 50, concurrency, stop.Token);
        if (alongside is not null)
            await alongside(cancellationToken);
        else
            await Task.WhenAny(bulk, Task.Delay(phase, cancellationToken));
        var lines = sender.LinesTaken - taken;
        var seconds = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        try
        {
            await bulk;
        }
        catch (OperationCanceledException) { }
        return lines / seconds;
    }

    /// <summary>As many requests as <paramref name="concurrency"/> callers get answered back to back for <paramref name="duration"/>; answers requests per second.</summary>
    private async Task<double> ClosedLoopAsync(Func<int, Task> call, TimeSpan duration, CancellationToken cancellationToken)
    {
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                await call(0);
                Interlocked.Increment(ref done);
            }
        }));
        return done / clock.Elapsed.TotalSeconds;
    }

    private Task<double[]> OpenLoopAsync(double rate, Func<int, Task> call, CancellationToken cancellationToken) =>
        OpenLoop.RunAsync(rate, phase, call, cancellationToken);

    /// <summary>
    /// <see cref="evict"/> open stays of 500 lines (a day's bed, consultation, nursing, drugs and tests, 25 days), and a
    /// quarter as many more, are written; every idle activation is collected, and each stay is read back: the read
    /// reactivates it from the log. The extra stays are read first: they are the silo's first reactivations, whose
    /// code is compiled on the way. After a pause for the runtime's optimized compilation, the others are the measured
    /// reactivations of a silo that has been reactivating. Answers the episode activations before and after the
    /// collection, both sets' latencies and rates, and how many stays came back with another line count.
    /// </summary>
    private async Task<(int Before, int After, (LatencyStats Latency, double Rate) First, (LatencyStats Latency, double Rate) Measured, int Mismatches)> ReactivationAsync(
        CancellationToken cancellationToken)
    {
        if (cluster.ConnectionString is null)
            return (0, 0, (LatencyStats.Of([]), 0), (LatencyStats.Of([]), 0), 0);
        var first = Enumerable.Range(0, Math.Max(1, evict / 4)).Select(i => IngestBench.Stay($"RF{Environment.ProcessId}-{i:D5}", i, 500)).ToList();
        var chosen = Enumerable.Range(0, evict).Select(i => IngestBench.Stay($"R{Environment.ProcessId}-{i:D5}", i, 500)).ToList();
        await client.FeedAsync([.. first, .. chosen], 50, concurrency, cancellationToken);
        var counts = new Dictionary<string, int>();
        foreach (var d in first.Concat(chosen))
            counts[d.Episode.MdtrtId] = (int)(await client.EpisodeAsync(d.Episode.FixmedinsCode, d.Episode.MdtrtId, cancellationToken))!["totals"]!["line_count"]!;

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            c.UseClaimAuditPostgres(cluster.ConnectionString, new ClusterIdentity { ClusterId = cluster.ClusterId });
            c.Services.AddClaimAuditSerialization();
        });
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        async Task<int> Activations() => (await management.GetSimpleGrainStatistics(cancellationToken))
            .Where(s => s.GrainType.Contains("EpisodeGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        var before = await Activations();
        await management.ForceActivationCollection(TimeSpan.Zero, cancellationToken);
        var after = await Activations();
        await host.StopAsync(cancellationToken);

        var mismatches = 0;
        async Task<(LatencyStats, double)> ReadAsync(List<EpisodeDocument> stays)
        {
            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(stays, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (d, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var view = await client.EpisodeAsync(d.Episode.FixmedinsCode, d.Episode.MdtrtId, ct);
                var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(latency);
                    if ((int)view!["totals"]!["line_count"]! != counts[d.Episode.MdtrtId])
                        mismatches++;
                }
            });
            return (LatencyStats.Of(latencies), stays.Count / clock.Elapsed.TotalSeconds);
        }
        var cold = await ReadAsync(first);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // the runtime compiles hot methods again, optimized, in the background
        var measured = await ReadAsync(chosen);
        return (before, after, cold, measured, mismatches);
    }

    private static List<(Episode Episode, FeeLine[] Batch)> RoundRobin(List<EpisodeDocument> stays, int size)
    {
        var batches = stays.Select(d => d.Feedetail.Chunk(size).ToList()).ToList();
        var order = new List<(Episode, FeeLine[])>();
        for (var round = 0; order.Count < batches.Sum(b => b.Count); round++)
            for (var s = 0; s < stays.Count; s++)
                if (round < batches[s].Count)
                    order.Add((stays[s].Episode, batches[s][round]));
        return order;
    }
}

/// <summary>Open-loop arrivals: requests sent on a schedule whether or not earlier ones have answered.</summary>
public static class OpenLoop
{
    /// <summary>Requests at <paramref name="rate"/> per second for <paramref name="phase"/>, each timed from when it was due; answers request i's latency at i.</summary>
    public static async Task<double[]> RunAsync(double rate, TimeSpan phase, Func<int, Task> call, CancellationToken cancellationToken)
    {
        var latencies = new double[(int)Math.Ceiling(phase.TotalSeconds * rate)];
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(latencies.Length);
        for (var i = 0; i < latencies.Length; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                await call(index);
                latencies[index] = (Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds;
            }, cancellationToken));
        }
        await Task.WhenAll(inFlight);
        return latencies;
    }
}
