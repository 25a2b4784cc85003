using System.CommandLine;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Tools.Benchmarking;
using Spectre.Console;

namespace ClaimAudit.Tools.Commands;

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
        var persons = new Option<int>("--persons") { Description = "Persons in the seeded province", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Workload seed", DefaultValueFactory = _ => 7 };
        var shape = new Option<string>("--shape") { Description = "province (stays of median 500 / p99 5,000 lines) or compact (short stays)", DefaultValueFactory = _ => "province" };
        shape.AcceptOnlyFromAmong("province", "compact");
        var server = new Option<string?>("--server") { Description = "A PostgreSQL server (Npgsql connection string) for the durable runs; a fresh database is created and dropped. Default CLAIMAUDIT_SERVER" };
        var growth = new Option<int>("--growth-lines") { Description = "Lines per episode length in the growth curve (at least concurrency × length)", DefaultValueFactory = _ => 60_000 };
        var phase = new Option<int>("--phase-seconds") { Description = "Length of each HTTP-edge phase (bulk alone, with 事中 checks, with queries)", DefaultValueFactory = _ => 20 };
        var budget = new Option<int>("--b1-seconds") { Description = "Time budget of baseline B1 on the province", DefaultValueFactory = _ => 60 };
        var queries = new Option<double>("--query-rate") { Description = "Episode-status and scorecard queries per second during ingest", DefaultValueFactory = _ => 100 };
        var evict = new Option<int>("--evict") { Description = "Open ~500-line episodes evicted and reactivated", DefaultValueFactory = _ => 200 };
        var precheckRate = new Option<double>("--precheck-rate") { Description = "3101 checks per second offered at the HTTP edge", DefaultValueFactory = _ => 50 };
        var checkRate = new Option<double>("--check-rate") { Description = "事中 checks per second while bulk ingest runs at half its maximum", DefaultValueFactory = _ => 50 };
        var smoke = new Option<bool>("--smoke") { Description = "A small run for tests (compact shape, 60 persons, short phases); asserts nothing about time" };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Write bench.md and bench.json here" };
        var run = new Command("run", "Run the benchmarks back to back on one seeded province and print one table")
            { persons, seed, shape, server, growth, phase, budget, queries, evict, smoke, outDir, concurrency, precheckRate, checkRate };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var isSmoke = parse.GetValue(smoke);
            var c = parse.GetValue(concurrency);
            var options = isSmoke
                ? new BenchOptions(60, parse.GetValue(seed), ClaimAudit.Tools.Generation.ProvinceShape.Compact, null, 1_000, c, TimeSpan.FromSeconds(2),
                    TimeSpan.FromSeconds(3), 20, 10, 2)
                : new BenchOptions(parse.GetValue(persons), parse.GetValue(seed), ClaimAudit.Tools.Generation.ProvinceShape.Parse(parse.GetValue(shape)!), null,
                    parse.GetValue(growth), c, TimeSpan.FromSeconds(parse.GetValue(phase)), TimeSpan.FromSeconds(parse.GetValue(budget)),
                    parse.GetValue(queries), parse.GetValue(evict), c);
            options = options with
            {
                Server = parse.GetValue(server) ?? Environment.GetEnvironmentVariable("CLAIMAUDIT_SERVER"),
                PrecheckRate = isSmoke ? 20 : parse.GetValue(precheckRate),
                CheckRate = isSmoke ? 20 : parse.GetValue(checkRate),
            };
            var report = await new BenchRun(options).RunAsync(cancellationToken);
            var markdown = BenchMarkdown.Render(report, "claimaudit " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
            Console.WriteLine(markdown);
            if (parse.GetValue(outDir) is { } dir)
            {
                dir.Create();
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, "bench.md"), markdown, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, "bench.json"),
                    System.Text.Json.JsonSerializer.Serialize(report, ClaimAudit.Rules.Contracts.NationalJson.Options), cancellationToken);
            }
            return report.Scores.All(k => k.Recall == 1 && k.Precision == 1) && report.DurableScoresEqual is not false ? 0 : 3;
        });
        var enginePersons = new Option<int>("--persons") { Description = "Persons in the seeded province", DefaultValueFactory = _ => 300 };
        var engineSeed = new Option<int>("--seed") { Description = "Workload seed", DefaultValueFactory = _ => 7 };
        var repeat = new Option<int>("--repeat") { Description = "Measured passes after one warm-up pass", DefaultValueFactory = _ => 3 };
        var engine = new Command("engine", "B0 alone: the rule engine over the seeded province on one thread (lines/s, lines per CPU-second, bytes allocated and kept per line, GC pause share)")
            { enginePersons, engineSeed, repeat };
        engine.SetAction(parse =>
        {
            var generated = new ClaimAudit.Tools.Generation.ProvinceGenerator(parse.GetValue(engineSeed), parse.GetValue(enginePersons), ClaimAudit.Tools.Generation.ProvinceShape.Province).Generate();
            var documents = generated.Select(g => ClaimAudit.Rules.Contracts.EpisodeDocument.Read(System.Text.Json.JsonDocument.Parse(g.ToJson()).RootElement).Document!).ToList();
            var rules = ClaimAudit.Rules.RuleSets.RuleSetLoader.LoadCatalog(ClaimAudit.Rules.RuleSets.RuleSetLoader.LocateRulesRoot(null)).National;
            EngineBench.Run(rules, documents, 50); // JIT and caches
            var table = new Table().Title($"B0, the engine alone on one thread ({documents.Count} episodes, {documents.Sum(d => d.Feedetail.Count)} lines, 50-line batches)")
                .AddColumns("pass", "seconds", "lines/s", "lines per CPU s", "bytes allocated per line", "GC pause", "gen2 GCs", "resident bytes per line");
            for (var pass = 1; pass <= Math.Max(1, parse.GetValue(repeat)); pass++)
            {
                var r = EngineBench.Run(rules, documents, 50);
                table.AddRow(pass.ToString(), $"{r.Seconds:0.00}", $"{r.LinesPerSecond:0}", $"{r.LinesPerCpuSecond:0}", $"{r.AllocatedBytesPerLine:0}", $"{r.GcPauseShare:P0}", r.FullCollections.ToString(), $"{r.ResidentBytesPerLine:0}");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        var consoleEpisodes = new Option<int>("--episodes") { Description = "Stays of the one institution", DefaultValueFactory = _ => 20 };
        var consoleLines = new Option<int>("--lines") { Description = "Lines per stay, each a finding", DefaultValueFactory = _ => 5_000 };
        var consoleRequests = new Option<int>("--requests") { Description = "Timed requests per page (after three warm-up requests)", DefaultValueFactory = _ => 20 };
        var console = new Command("console", "The web console's server-side render time on a region's size: the review queue's first page over ~100,000 findings, a 5,000-line stay's drill-down and a finding's detail")
            { consoleEpisodes, consoleLines, consoleRequests };
        console.SetAction(async (parse, cancellationToken) =>
        {
            var report = await ConsoleBench.RunAsync(parse.GetValue(consoleEpisodes), parse.GetValue(consoleLines), parse.GetValue(consoleRequests), Console.Out, cancellationToken);
            var table = new Table().Title($"Console pages, rendered server-side ({report.Findings:N0} findings; a silo and a gateway process, in memory)")
                .AddColumns("page", "what", "requests", "p50 ms", "p95 ms", "max ms", "KB");
            foreach (var p in report.Pages)
                table.AddRow(p.Page, p.What, p.Requests.ToString(), $"{p.P50Ms:0.0}", $"{p.P95Ms:0.0}", $"{p.MaxMs:0.0}", $"{p.Bytes / 1024.0:0}");
            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("bench", "Benchmarks") { ingest, run, engine, console };
    }
}
