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
        return new Command("bench", "Benchmarks") { ingest };
    }
}
