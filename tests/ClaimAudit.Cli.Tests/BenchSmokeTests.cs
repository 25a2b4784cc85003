using System.Diagnostics;
using ClaimAudit.Testing;

namespace ClaimAudit.Cli.Tests;

/// <summary>The benchmark's smoke mode, durable runs included: it must find exactly what was planted. Timings are printed, never asserted.</summary>
public class BenchSmokeTests
{
    [Fact]
    public async Task Bench_smoke_scores_recall_and_precision_1_for_every_kind_and_prints_every_run()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "claimaudit.dll"), "bench", "run", "--smoke",
            "--server", PostgresServer.Instance.ConnectionString("postgres")])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        var text = await output;
        Assert.True(process.ExitCode == 0, $"{text}\n{await error}");
        foreach (var run in new[] { "| B0 |", "| S-mem |", "| S-pg |", "| R |" })
            Assert.Contains(run, text);
        foreach (var kind in GroundTruthTests.AllKinds)
            Assert.Matches($@"\| {System.Text.RegularExpressions.Regex.Escape(kind)} \| [1-9]\d* \| \d+ \| \d+ \| 1\.00 \| 1\.00 \|", text);
        foreach (var length in new[] { 10, 100, 500, 2000, 5000 })
            Assert.Matches($@"\| {length} \| \d+ \| \d+ \|", text);
    }
}
