using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Abstractions;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Persistence;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Tools.Baselines;
using ClaimAudit.Tools.Generation;
using ClaimAudit.Tools.Hosting;
using Npgsql;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>
/// CPU seconds a run cost, by process. Runs through the served topology charge the silo, the gateway and the load
/// generator (this process) separately; in-process runs (B0, B1, R, B2) charge this process as <see cref="Silo"/>.
/// </summary>
public sealed record CpuUse(double Silo, double? Gateway, double? Postgres, double? Loadgen);

/// <summary>One row of the benchmark table; lines per CPU-second are per silo (or in-process) CPU-second.</summary>
public sealed record BenchRow(string Name, string What, long Lines, double Seconds, CpuUse Cpu, double LinesPerSecond, double LinesPerCpuSecond, long Batches = 0)
{
    public double BatchesPerSecond => Batches / Seconds;
}

public sealed record BenchReport(string Machine, string Settings, IReadOnlyList<BenchRow> Rows, IReadOnlyList<IngestResult> Growth, IReadOnlyList<KindScore> Scores,
    IReadOnlyList<IngestResult>? StraightforwardGrowth = null, IReadOnlyList<MemoryRow>? Memory = null, EdgeReport? Edge = null,
    ConventionalResult? Conventional = null, WorkloadShape? Workload = null, bool? DurableScoresEqual = null,
    IReadOnlyList<KindScore>? ConventionalScores = null, PrecheckReport? Precheck = null, double? EngineAllocatedBytesPerLine = null);

/// <summary>Managed heap held by open episodes after a full GC: everything their grains keep (episode, person, institution).</summary>
public sealed record MemoryRow(int LinesPerEpisode, int Episodes, long Bytes, string Silo = "embedded (memory storage)")
{
    public double BytesPerEpisode => (double)Bytes / Episodes;
    public double BytesPerLine => (double)Bytes / (Episodes * (long)LinesPerEpisode);
}

/// <summary>What the generated province looked like.</summary>
public sealed record WorkloadShape(string Shape, int Persons, int Episodes, int Stays, long Lines, int StayLinesP50, int StayLinesP99, int StayLinesMax, int Institutions);

/// <summary>Sizes and knobs of one benchmark run.</summary>
public sealed record BenchOptions(int Persons, int Seed, ProvinceShape Shape, string? Server, int GrowthLines, int Concurrency, TimeSpan Phase,
    TimeSpan StraightforwardBudget, double QueryRate, int Evict, int GrowthConcurrency, double PrecheckRate = 50, double CheckRate = 50);

/// <summary>
/// The benchmark run, back to back on one seeded province: B0 the engine in a plain loop (the ceiling); S through
/// the served topology (a silo process and a gateway process, HTTP at the edge), in memory and on PostgreSQL; on
/// the durable cluster the HTTP edge under bulk ingest (事中 latency, queries, reactivation); B1 the straightforward
/// Orleans design; R PostgreSQL alone inserting the log's rows; B2 the conventional tables-and-SQL design; the
/// growth curve by episode length; heap per open episode; recall and precision per kind.
/// </summary>
public sealed class BenchRun(BenchOptions options)
{
    private const int BatchSize = 50;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var generated = new ProvinceGenerator(options.Seed, options.Persons, options.Shape).Generate().ToList();
        var documents = generated.Select(g => EpisodeDocument.Read(JsonDocument.Parse(g.ToJson()).RootElement).Document!).ToList();
        var lines = documents.Sum(d => (long)d.Feedetail.Count);
        var batches = documents.Sum(d => (long)Math.Max(1, (d.Feedetail.Count + BatchSize - 1) / BatchSize));
        var truths = generated.SelectMany(g => g.Truths).ToList();
        var rows = new List<BenchRow>();
        Console.Error.WriteLine($"bench: {documents.Count} episodes, {lines} lines ({options.Shape.Name}, {options.Persons} persons, seed {options.Seed})");

        Rules.RuleSets.RuleSet rules;
        double? engineBytesPerLine = null;
        var memory = new List<MemoryRow>();
        await using (var embedded = await EmbeddedCluster.StartAsync(null, cancellationToken))
        {
            rules = embedded.Rules.Current;
            rows.Add(await MeasureAsync("B0", $"rule engine in a plain in-process loop on one thread (no actors, no I/O), {BatchSize}-line batches", lines, 0, null, null, () =>
            {
                // The loop runs on this thread alone, so the thread's allocations are the engine's.
                engineBytesPerLine = EngineBench.Run(rules, documents, BatchSize).AllocatedBytesPerLine;
                return Task.CompletedTask;
            }));
            // The same pass again in this process: the engine's code compiled and the heap grown, as in a silo that has run
            // for a while. The first pass is the one every other row is compared with.
            rows.Add(await MeasureAsync("B0 warm", "B0 again in the same process (code compiled, heap grown)", lines, 0, null, null, () =>
            {
                EngineBench.Run(rules, documents, BatchSize);
                return Task.CompletedTask;
            }));
        }
        var kinds = rules.Rules.Select(r => r.Definition.Kind).Distinct().ToList();
        var small = options.GrowthLines < 10_000;
        foreach (var (length, count) in new[] { (10, small ? 200 : 2_000), (500, small ? 20 : 200) })
        {
            await using var fresh = await EmbeddedCluster.StartAsync(null, cancellationToken);
            var before = FullGcHeap();
            await new IngestBench(fresh.Grains).RunAsync("m", length, length * count, BatchSize, options.Concurrency, cancellationToken);
            memory.Add(new MemoryRow(length, count, FullGcHeap() - before));
        }

        IReadOnlyList<KindScore> scores;
        PrecheckReport? precheck;
        await using (var cluster = await BenchCluster.StartAsync(null, cancellationToken))
        using (var client = new GatewayClient(cluster.Gateway, LocalCredentials.AdminKey))
        {
            rows.Add(await MeasureAsync("S-mem", $"ClaimAudit over HTTP: silo process (in-memory storage) + gateway process, {BatchSize}-line batches, {options.Concurrency} episodes in flight",
                lines, batches, cluster, null, () => client.FeedAsync(documents, BatchSize, options.Concurrency, cancellationToken)));
            scores = Scoring.Score(truths, await client.CollectFindingsAsync(documents, cancellationToken), kinds);
            Console.Error.WriteLine("bench: 3101 at the HTTP edge");
            precheck = await new PrecheckBench(cluster.Gateway, documents, options.Phase, options.PrecheckRate).RunAsync(cancellationToken);
            // A silo that has run for a while: its code compiled and tiered up (S-mem's pass is mostly the silo's first
            // minutes, when hot methods still run as first compiled). Another province of the same shape, with other
            // persons and episodes, through the same cluster.
            var warm = new ProvinceGenerator(options.Seed + 1, options.Persons, options.Shape).Generate()
                .Select(g => EpisodeDocument.Read(JsonDocument.Parse(g.ToJson()).RootElement).Document!).ToList();
            rows.Add(await MeasureAsync("S-mem warm", "S-mem's cluster again once warm (after S-mem and the 3101 checks): another province of the same shape (seed + 1: other persons and episodes)",
                warm.Sum(d => (long)d.Feedetail.Count), warm.Sum(d => (long)Math.Max(1, (d.Feedetail.Count + BatchSize - 1) / BatchSize)), cluster, null,
                () => client.FeedAsync(warm, BatchSize, options.Concurrency, cancellationToken)));
        }

        var growth = new List<IngestResult>();
        var straightforward = new List<IngestResult>();
        EdgeReport? edge = null;
        ConventionalResult? conventional = null;
        bool? durableScoresEqual = null;
        if (options.Server is { } server)
        {
            var database = await CreateDatabaseAsync(server);
            var postmaster = await ProcCpu.PostmasterPidAsync(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 64 }.ConnectionString;
                await using (var cluster = await BenchCluster.StartAsync(connectionString, cancellationToken))
                using (var client = new GatewayClient(cluster.Gateway, LocalCredentials.AdminKey))
                using (var bulkClient = new GatewayClient(cluster.Gateway, LocalCredentials.AdminKey, bulk: true))
                {
                    rows.Add(await MeasureAsync("S-pg", $"ClaimAudit over HTTP, durable: silo process on PostgreSQL (acknowledged = committed) + gateway process, {BatchSize}-line batches, {options.Concurrency} episodes in flight",
                        lines, batches, cluster, postmaster, () => client.FeedAsync(documents, BatchSize, options.Concurrency, cancellationToken)));
                    var durableScores = Scoring.Score(truths, await client.CollectFindingsAsync(documents, cancellationToken), kinds);
                    durableScoresEqual = durableScores.SequenceEqual(scores);
                    Console.Error.WriteLine("bench: HTTP edge under bulk ingest");
                    edge = await new EdgeBench(cluster, client, bulkClient, documents, options.Phase, options.Concurrency, options.QueryRate, options.Evict, options.CheckRate).RunAsync(cancellationToken);
                }

                await using (var durable = await EmbeddedCluster.StartAsync(null, cancellationToken, connectionString))
                {
                    memory.AddRange(await DurableMemoryAsync(durable, small ? 20 : 200, cancellationToken));
                    rows.Add(await StraightforwardAsync(durable, documents, postmaster, cancellationToken));
                    Console.Error.WriteLine("bench: growth curve");
                    var bench = new IngestBench(durable.Grains);
                    foreach (var length in new[] { 10, 100, 500, 2_000, 5_000 })
                        growth.Add(await bench.RunAsync("g", length, Math.Max(length * options.GrowthConcurrency, options.GrowthLines), 10, options.GrowthConcurrency, cancellationToken));
                    // B1 rewrites the whole episode on every line: its cost grows with the square of the length, so fewer lines.
                    foreach (var length in new[] { 10, 100, 500 })
                        straightforward.Add(await bench.RunStraightforwardAsync("g", length, Math.Max(length * options.GrowthConcurrency, Math.Min(options.GrowthLines, 10_000)),
                            options.GrowthConcurrency, cancellationToken));
                }

                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                var store = new PostgresEpisodeStore(dataSource);
                rows.Add(await MeasureAsync("R", $"PostgreSQL alone: the log's rows in the same {BatchSize}-line batches, {options.Concurrency} in flight", lines, batches, null, postmaster, () =>
                    Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (d, _) =>
                    {
                        foreach (var batch in d.Feedetail.Chunk(BatchSize))
                            await store.AppendAsync(new EpisodeWrite($"R/{d.Episode.Key}", batch, [], null), cancellationToken);
                    })));

                var baseline = new ConventionalBaseline(dataSource);
                await baseline.PrepareAsync(rules.Knowledge);
                rows.Add(await MeasureAsync("B2", $"conventional: each batch inserted into platform tables (mdtrt_d, fee_list_d) and the person's cross-episode rules answered by SQL, one transaction, {options.Concurrency} in flight",
                    lines, batches, null, postmaster, async () => conventional = await baseline.RunAsync(documents, BatchSize, options.Concurrency, cancellationToken)));
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await DropDatabaseAsync(server, database);
            }
        }

        var stayLines = generated.Where(g => g.Episode.MedType.StartsWith('2')).Select(g => g.Lines.Count).Order().ToList();
        var workload = new WorkloadShape(options.Shape.Name, options.Persons, documents.Count, stayLines.Count, lines,
            stayLines.Count == 0 ? 0 : stayLines[stayLines.Count / 2], stayLines.Count == 0 ? 0 : stayLines[Math.Min(stayLines.Count - 1, (int)(stayLines.Count * 0.99))],
            stayLines.Count == 0 ? 0 : stayLines[^1], documents.Select(d => d.Episode.FixmedinsCode).Distinct().Count());
        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        var settings = $"GC: bench process server GC {System.Runtime.GCSettings.IsServerGC}, silo {ServerGc("ClaimAudit.Silo")}, gateway {ServerGc("ClaimAudit.Gateway")}; " +
                       (options.Server is null ? "no PostgreSQL given" : $"PostgreSQL synchronous_commit {await SettingAsync(options.Server, "synchronous_commit")}, fsync {await SettingAsync(options.Server, "fsync")}, shared_buffers {await SettingAsync(options.Server, "shared_buffers")}");
        var conventionalScores = conventional is null ? null : Scoring.Score(truths, conventional.Hits, ConventionalResult.Kinds);
        return new BenchReport(machine, settings, rows, growth, scores, straightforward, memory, edge, conventional, workload, durableScoresEqual, conventionalScores, precheck, engineBytesPerLine);
    }

    /// <summary>
    /// B1 on the province: one grain call per line, the whole episode state written on each. Its cost grows with the
    /// square of a stay's length, so it runs the episodes in a seeded random order for a time budget and reports
    /// the lines it got through.
    /// </summary>
    private async Task<BenchRow> StraightforwardAsync(EmbeddedCluster durable, List<EpisodeDocument> documents, int? postmaster, CancellationToken cancellationToken)
    {
        var order = documents.ToArray();
        new Random(options.Seed).Shuffle(order);
        long done = 0;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.StraightforwardBudget);
        var row = await MeasureAsync("B1", $"straightforward Orleans: one grain call per line, whole episode state written on every call, {options.Concurrency} episodes in flight, stopped after {options.StraightforwardBudget.TotalSeconds:0} s",
            0, 0, null, postmaster, async () =>
            {
                try
                {
                    await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = budget.Token }, async (d, ct) =>
                    {
                        var grain = durable.Grains.GetGrain<IStraightforwardEpisodeGrain>($"B1/{d.Episode.Key}");
                        await grain.Admit(d.Episode with { Endtime = null });
                        foreach (var line in d.Feedetail)
                        {
                            ct.ThrowIfCancellationRequested();
                            await grain.AddFeeLine(line);
                            Interlocked.Increment(ref done);
                        }
                    });
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            });
        return row with
        {
            Lines = done,
            Batches = done, // one call per line
            LinesPerSecond = done / row.Seconds,
            LinesPerCpuSecond = done / Math.Max(row.Cpu.Silo, 1e-6),
        };
    }

    private static async Task<BenchRow> MeasureAsync(string name, string what, long lines, long batches, BenchCluster? cluster, int? postmaster, Func<Task> run)
    {
        Console.Error.WriteLine($"bench: {name}");
        GC.Collect();
        var self = Environment.ProcessId;
        var (selfBefore, pgBefore) = (ProcCpu.Seconds(self), postmaster is { } pm ? ProcCpu.ServerSeconds(pm) : 0);
        var hostsBefore = cluster?.CpuSeconds();
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        var selfCpu = ProcCpu.Seconds(self) - selfBefore;
        double? pgCpu = postmaster is { } p ? ProcCpu.ServerSeconds(p) - pgBefore : null;
        CpuUse cpu;
        if (cluster is not null)
        {
            var hostsAfter = cluster.CpuSeconds();
            cpu = new CpuUse(hostsAfter.Silo - hostsBefore!.Value.Silo, hostsAfter.Gateway - hostsBefore.Value.Gateway, pgCpu, selfCpu);
        }
        else
            cpu = new CpuUse(selfCpu, null, pgCpu, null);
        return new BenchRow(name, what, lines, clock.Elapsed.TotalSeconds, cpu, lines / clock.Elapsed.TotalSeconds, lines / Math.Max(cpu.Silo, 1e-6), batches);
    }

    /// <summary>
    /// Heap held by open 500-line stays on a durable silo in this process: as ingested, then after every activation was
    /// collected and each stay read again (reactivated from the log).
    /// </summary>
    private async Task<MemoryRow[]> DurableMemoryAsync(EmbeddedCluster durable, int count, CancellationToken cancellationToken)
    {
        var before = FullGcHeap();
        await new IngestBench(durable.Grains).RunAsync("dm", 500, 500 * count, BatchSize, options.Concurrency, cancellationToken);
        var ingested = FullGcHeap() - before;
        await durable.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, cancellationToken);
        var evicted = FullGcHeap();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (e, _) => await durable.Grains.GetEpisode("HBENCH", $"Bdm-500-{e:D6}").Get());
        var reactivated = FullGcHeap() - evicted;
        return [new MemoryRow(500, count, ingested, "durable (PostgreSQL), as ingested"), new MemoryRow(500, count, reactivated, "durable, reactivated from the log")];
    }

    private static long FullGcHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Whether a host beside the CLI runs with server GC, as its runtimeconfig.json says.</summary>
    private static string ServerGc(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".runtimeconfig.json");
        if (!File.Exists(path))
            return "unknown";
        var options = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"]?["System.GC.Server"];
        return options?.GetValue<bool>() is true ? "server" : "workstation";
    }

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = $"claimaudit_bench_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
        await SchemaMigrator.ApplyAsync(NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString));
        return name;
    }

    private static async Task DropDatabaseAsync(string server, string name)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
    }

    private static async Task<string> SettingAsync(string server, string setting)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        return (string)(await new NpgsqlCommand($"SHOW {setting}", connection).ExecuteScalarAsync())!;
    }
}
