using System.Diagnostics;
using System.Text.Json;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Cli.Generation;
using ClaimAudit.Grains.Baselines;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Persistence;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using Npgsql;

namespace ClaimAudit.Cli.Benchmarking;

/// <summary>One row of the benchmark table.</summary>
public sealed record BenchRow(string Name, string What, long Lines, double Seconds, double CpuSeconds, double LinesPerSecond, double LinesPerCpuSecond);

public sealed record BenchReport(string Machine, string Settings, IReadOnlyList<BenchRow> Rows, IReadOnlyList<IngestResult> Growth, IReadOnlyList<KindScore> Scores,
    IReadOnlyList<IngestResult>? StraightforwardGrowth = null, IReadOnlyList<MemoryRow>? Memory = null);

/// <summary>Managed heap held by open episodes after a full GC: everything their grains keep (episode, person, institution).</summary>
public sealed record MemoryRow(int LinesPerEpisode, int Episodes, long Bytes)
{
    public double BytesPerEpisode => (double)Bytes / Episodes;
    public double BytesPerLine => (double)Bytes / (Episodes * (long)LinesPerEpisode);
}

/// <summary>
/// The benchmark run, back to back on one seeded workload: B0 the engine in a plain loop (the ceiling), S the
/// cluster (embedded in-memory, and durable on PostgreSQL when a server is given), R PostgreSQL alone inserting
/// rows of the log's size in the same batches, the growth curve by episode length, and recall/precision per kind.
/// </summary>
public sealed class BenchRun(int persons, int seed, string? server, int growthLines, int concurrency)
{
    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var generated = new ProvinceGenerator(seed, persons).Generate().ToList();
        var documents = generated.Select(g => EpisodeDocument.Read(JsonDocument.Parse(g.ToJson()).RootElement).Document!).ToList();
        var ndjson = string.Join('\n', generated.Select(g => g.ToJson()));
        var lines = documents.Sum(d => d.Feedetail.Count);
        var rows = new List<BenchRow>();
        IReadOnlyList<KindScore> scores;

        await using (var embedded = await EmbeddedCluster.StartAsync(null, cancellationToken))
        {
            var rules = embedded.Rules.Current;
            rows.Add(Measure("B0", "rule engine in a plain in-process loop (no actors, no I/O)", lines, () =>
            {
                var loop = new AuditLoop(rules);
                foreach (var document in documents)
                    loop.Audit(document);
                return Task.CompletedTask;
            }).Result);
            AuditReport? report = null;
            rows.Add(await Measure("S-mem", $"ClaimAudit grains, embedded, in-memory storage, {concurrency} episodes in flight", lines, async () =>
                report = await new BatchAuditor(embedded.Grains, rules.Knowledge.Diagnoses, 50, concurrency).RunAsync(new StringReader(ndjson), cancellationToken)));
            scores = Scoring.Score(generated.SelectMany(g => g.Truths), report!.Findings, rules.Rules.Select(r => r.Definition.Kind).Distinct());
        }

        var memory = new List<MemoryRow>();
        foreach (var (length, count) in new[] { (10, growthLines >= 10_000 ? 2_000 : 200), (500, growthLines >= 10_000 ? 200 : 20) })
        {
            await using var fresh = await EmbeddedCluster.StartAsync(null, cancellationToken);
            var before = FullGcHeap();
            await new IngestBench(fresh.Grains).RunAsync("m", length, length * count, 50, concurrency, cancellationToken);
            memory.Add(new MemoryRow(length, count, FullGcHeap() - before));
        }

        var growth = new List<IngestResult>();
        var straightforward = new List<IngestResult>();
        if (server is not null)
        {
            var database = await CreateDatabaseAsync(server);
            try
            {
                var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 64 }.ConnectionString;
                await using (var durable = await EmbeddedCluster.StartAsync(null, cancellationToken, connectionString))
                {
                    rows.Add(await Measure("S-pg", $"ClaimAudit grains, durable on PostgreSQL (acknowledged = committed), {concurrency} episodes in flight", lines, () =>
                        new BatchAuditor(durable.Grains, durable.Rules.Current.Knowledge.Diagnoses, 50, concurrency).RunAsync(new StringReader(ndjson), cancellationToken)));
                    rows.Add(await Measure("B1", $"straightforward Orleans: one grain call per line, whole episode state written on every call, {concurrency} episodes in flight", lines, () =>
                        Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (d, _) =>
                        {
                            var grain = durable.Grains.GetGrain<IStraightforwardEpisodeGrain>(d.Episode.Key);
                            await grain.Admit(d.Episode with { Endtime = null });
                            foreach (var line in d.Feedetail)
                                await grain.AddFeeLine(line);
                        })));
                    var bench = new IngestBench(durable.Grains);
                    foreach (var length in new[] { 10, 100, 500, 2_000, 5_000 })
                        growth.Add(await bench.RunAsync("g", length, Math.Max(length, growthLines), 10, concurrency, cancellationToken));
                    // B1 rewrites the whole episode on every line: its cost grows with the square of the length, so fewer lines.
                    foreach (var length in new[] { 10, 100, 500 })
                        straightforward.Add(await bench.RunStraightforwardAsync("g", length, Math.Max(length, Math.Min(growthLines, 10_000)), concurrency, cancellationToken));
                }
                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                var store = new PostgresEpisodeStore(dataSource);
                rows.Add(await Measure("R", $"PostgreSQL alone: the log's rows in the same 50-line batches, {concurrency} in flight", lines, () =>
                    Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (d, _) =>
                    {
                        foreach (var batch in d.Feedetail.Chunk(50))
                            await store.AppendAsync(new EpisodeWrite($"R/{d.Episode.Key}", batch, [], null));
                    })));
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await DropDatabaseAsync(server, database);
            }
        }

        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        var settings = $"server GC {System.Runtime.GCSettings.IsServerGC}; workload seed {seed}, {persons} persons, {documents.Count} episodes, {lines} lines; " +
                       (server is null ? "no PostgreSQL given" : $"PostgreSQL synchronous_commit {await SettingAsync(server, "synchronous_commit")}, fsync {await SettingAsync(server, "fsync")}");
        return new BenchReport(machine, settings, rows, growth, scores, straightforward, memory);
    }

    private static async Task<BenchRow> Measure(string name, string what, long lines, Func<Task> run)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        return new BenchRow(name, what, lines, clock.Elapsed.TotalSeconds, cpuSeconds, lines / clock.Elapsed.TotalSeconds, lines / Math.Max(cpuSeconds, 1e-6));
    }

    private static long FullGcHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
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
