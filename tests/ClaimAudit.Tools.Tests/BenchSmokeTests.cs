using System.Diagnostics;
using ClaimAudit.Testing;

namespace ClaimAudit.Tools.Tests;

/// <summary>The benchmark's smoke mode, durable runs included: it must find exactly what was planted. Timings are printed, never asserted.</summary>
public class BenchSmokeTests
{
    [Fact]
    public async Task Bench_smoke_scores_recall_and_precision_1_for_every_kind_and_prints_every_run()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "claimaudit-tools.dll"), "bench", "run", "--smoke",
            "--server", PostgresServer.Instance.ConnectionString("postgres")])
        {
            WorkingDirectory = BuiltHost.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        var text = await output;
        Assert.True(process.ExitCode == 0, $"{text}\n{await error}");
        foreach (var run in new[] { "| B0 |", "| B0 warm |", "| S-mem |", "| S-mem warm |", "| S-pg |", "| B1 |", "| R |", "| B2 |" })
            Assert.Contains(run, text);
        // The warm pass fed a province of its own (other persons and episodes), every line of it.
        Assert.Matches(@"\| S-mem warm \| [^|]+ \| [1-9]\d* \|", text);
        // Every process of the served runs is charged its own CPU (silo, gateway, PostgreSQL, load generator).
        Assert.Matches(@"\| S-pg \| [^|]+ \| \d+ \| [\d.]+ \| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \|", text);
        Assert.Contains("Findings of S-pg equal S-mem's, kind by kind: **yes**", text);
        Assert.Matches(@"\| 事中 latency p50 / p99 / p99\.9 / max ms \([1-9]\d* checks; bulk in the gateway's bulk lane\) \|", text);
        Assert.Matches(@"\| 事中 latency p50 / p99 / p99\.9 / max ms \([1-9]\d* checks; bulk not marked, every request alike\) \|", text);
        Assert.Matches(@"\| episode status p50 / p99 ms \([1-9]\d*\) \|", text);
        Assert.Matches(@"\| institution scorecard p50 / p99 ms \([1-9]\d*\) \|", text);
        // Evicted episodes were really collected, and every one came back with all its lines.
        Assert.Matches(@"\| open 500-line stays evicted \(episode activations before → after collection\) \| 10 \([1-9]\d* → 0\) \|", text);
        Assert.Contains("| reactivated episodes whose line count differed | 0 |", text);
        Assert.Matches(@"\| the silo's first reactivations \([1-9]\d* stays, code compiled on the way\) p50 / p99 ms, per second \| [\d.]+ / [\d.]+, [\d.]+ \|", text);
        foreach (var kind in GroundTruthTests.AllKinds)
            Assert.Matches($@"\| {System.Text.RegularExpressions.Regex.Escape(kind)} \| [1-9]\d* \| \d+ \| \d+ \| 1\.00 \| 1\.00 \|", text);
        foreach (var length in new[] { 10, 100, 500, 2000, 5000 })
            Assert.Matches($@"\| {length} \| \d+ \| \d+ \|", text);
    }
}
