using System.CommandLine;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Cli.Benchmarking;
using Spectre.Console;

namespace ClaimAudit.Cli.Commands;

/// <summary>
/// <c>claimaudit bench ingest --connection "Host=…"</c>: ingest throughput by episode length on a durable silo
/// (PostgreSQL), to show that the cost of a line does not grow with its episode.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL (durable); default CLAIMAUDIT_CONNECTION; none = the embedded in-memory default" };
        var lengths = new Option<string>("--lengths") { Description = "Lines per episode, comma-separated", DefaultValueFactory = _ => "10,2000" };
        var total = new Option<int>("--total-lines") { Description = "Lines per length", DefaultValueFactory = _ => 60_000 };
        var batch = new Option<int>("--batch") { Description = "Lines per fee-line batch (the same for every length)", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = "Episodes in flight at once", DefaultValueFactory = _ => 32 };
        var ingest = new Command("ingest", "Ingest throughput by episode length (flat-cost check)") { connection, lengths, total, batch, concurrency };
        ingest.SetAction(async (parse, cancellationToken) =>
        {
            var connectionString = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable("CLAIMAUDIT_CONNECTION");
            await using var cluster = await EmbeddedCluster.StartAsync(null, cancellationToken, connectionString);
            var bench = new IngestBench(cluster.Grains);
            var runId = DateTime.UtcNow.ToString("HHmmss");
            var results = new List<IngestResult>();
            foreach (var length in parse.GetValue(lengths)!.Split(',').Select(int.Parse))
                results.Add(await bench.RunAsync(runId, length, parse.GetValue(total), parse.GetValue(batch), parse.GetValue(concurrency), cancellationToken));

            var table = new Table().Title($"Ingest by episode length ({(string.IsNullOrWhiteSpace(connectionString) ? "in-memory" : "durable, PostgreSQL")}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC})")
                .AddColumns("lines/episode", "episodes", "lines", "batch", "seconds", "lines/s", "batch p50 ms", "batch p99 ms", "vs first");
            foreach (var r in results)
                table.AddRow(r.LinesPerEpisode.ToString(), r.Episodes.ToString(), r.Lines.ToString(), r.BatchSize.ToString(), $"{r.Elapsed.TotalSeconds:0.0}",
                    $"{r.LinesPerSecond:0}", $"{r.P50Ms:0.0}", $"{r.P99Ms:0.0}", $"{r.LinesPerSecond / results[0].LinesPerSecond:0.00}");
            AnsiConsole.Write(table);
            return 0;
        });
        var persons = new Option<int>("--persons") { Description = "Persons in the seeded province", DefaultValueFactory = _ => 600 };
        var seed = new Option<int>("--seed") { Description = "Workload seed", DefaultValueFactory = _ => 7 };
        var server = new Option<string?>("--server") { Description = "A PostgreSQL server (Npgsql connection string) for the durable runs; a fresh database is created and dropped. Default CLAIMAUDIT_SERVER" };
        var growth = new Option<int>("--growth-lines") { Description = "Lines per episode length in the growth curve", DefaultValueFactory = _ => 60_000 };
        var smoke = new Option<bool>("--smoke") { Description = "A small run (60 persons, 1,000 growth lines) for tests" };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Write bench.md and bench.json here" };
        var run = new Command("run", "Run the benchmarks back to back on one seeded workload and print one table") { persons, seed, server, growth, smoke, outDir, concurrency };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var isSmoke = parse.GetValue(smoke);
            var bench = new BenchRun(isSmoke ? 60 : parse.GetValue(persons), parse.GetValue(seed),
                parse.GetValue(server) ?? Environment.GetEnvironmentVariable("CLAIMAUDIT_SERVER"),
                isSmoke ? 1_000 : parse.GetValue(growth), parse.GetValue(concurrency));
            var report = await bench.RunAsync(cancellationToken);
            var markdown = BenchMarkdown.Render(report, "claimaudit " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
            Console.WriteLine(markdown);
            if (parse.GetValue(outDir) is { } dir)
            {
                dir.Create();
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, "bench.md"), markdown, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, "bench.json"),
                    System.Text.Json.JsonSerializer.Serialize(report, ClaimAudit.Rules.Contracts.NationalJson.Options), cancellationToken);
            }
            return report.Scores.All(k => k.Recall == 1 && k.Precision == 1) ? 0 : 3;
        });
        return new Command("bench", "Benchmarks") { ingest, run };
    }
}
