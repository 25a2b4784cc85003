using System.Diagnostics;
using System.Text.Json.Nodes;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Commands;
using ClaimAudit.Tools.Generation;
using ClaimAudit.Tools.Hosting;
using Xunit.Abstractions;

namespace ClaimAudit.Tools.Tests;

/// <summary>
/// <c>claimaudit import</c> into a running silo process, killed halfway (kill -9) and resumed, against the same import
/// run once without a stop: the same findings and the same line count.
/// </summary>
public class ImportResumeTests(ITestOutputHelper output)
{
    private static Task<HostProcess> StartSilo() => BuiltHost.StartAsync("ClaimAudit.Silo",
        ["--Orleans:SiloPort", EmbeddedCluster.FreePort().ToString(), "--Orleans:GatewayPort", EmbeddedCluster.FreePort().ToString(), .. LocalCredentials.HostArgs]);

    private static Process Import(Uri url, string extract, string folder, bool resume) => Process.Start(new ProcessStartInfo("dotnet",
        [Path.Combine(AppContext.BaseDirectory, "claimaudit.dll"), "import", "--platform", extract, "--url", url.ToString(), "--api-key", LocalCredentials.AdminKey,
         "--out", Path.Combine(folder, "findings.ndjson"), "--batch-size", "100", "--concurrency", "4", .. (resume ? new[] { "--resume" } : [])])
    {
        RedirectStandardOutput = true, RedirectStandardError = true,
    })!;

    [Fact]
    public async Task An_import_killed_halfway_and_resumed_yields_the_findings_and_line_count_of_one_uninterrupted_run()
    {
        var work = Directory.CreateTempSubdirectory("claimaudit-resume-");
        try
        {
            var csv = Path.Combine(work.FullName, "csv");
            await LoadgenCommand.WriteAsync(new ProvinceGenerator(21, 30, ProvinceShape.Province), new FileInfo(Path.Combine(work.FullName, "e.ndjson")),
                new FileInfo(Path.Combine(work.FullName, "t.csv")), new DirectoryInfo(csv), default);

            await using var whole = await StartSilo();
            var once = Path.Combine(work.FullName, "once");
            using (var run = Import(whole.BaseAddress, csv, once, resume: false))
            {
                var text = await run.StandardOutput.ReadToEndAsync();
                await run.WaitForExitAsync();
                Assert.True(run.ExitCode == 0, text + await run.StandardError.ReadToEndAsync());
            }

            await using var silo = await StartSilo();
            var twice = Path.Combine(work.FullName, "twice");
            var checkpoint = Path.Combine(twice, "claimaudit-import.checkpoint.json");
            long killedAt = 0;
            using (var first = Import(silo.BaseAddress, csv, twice, resume: false))
            {
                _ = first.StandardOutput.ReadToEndAsync();
                _ = first.StandardError.ReadToEndAsync();
                var clock = Stopwatch.StartNew();
                while (!first.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
                {
                    if (File.Exists(checkpoint) && Done(checkpoint) is > 5 and var done)
                    {
                        first.Kill(entireProcessTree: true);
                        killedAt = done;
                        break;
                    }
                    await Task.Delay(20);
                }
                await first.WaitForExitAsync();
            }
            Assert.True(killedAt > 0, "the import ended before it could be killed halfway");
            using (var resumed = Import(silo.BaseAddress, csv, twice, resume: true))
            {
                var text = await resumed.StandardOutput.ReadToEndAsync();
                await resumed.WaitForExitAsync();
                Assert.True(resumed.ExitCode == 0, text + await resumed.StandardError.ReadToEndAsync());
                output.WriteLine($"killed after {killedAt} acknowledged episodes; resumed:\n{text}");
            }

            var expected = Findings(Path.Combine(once, "findings.ndjson"));
            var actual = Findings(Path.Combine(twice, "findings.ndjson"));
            Assert.True(expected.Count > 20, $"only {expected.Count} findings");
            Assert.Equal(expected, actual);
            Assert.Equal(await Lines(whole.BaseAddress, Path.Combine(work.FullName, "e.ndjson")), await Lines(silo.BaseAddress, Path.Combine(work.FullName, "e.ndjson")));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static long Done(string checkpoint)
    {
        try
        {
            return (long)JsonNode.Parse(File.ReadAllText(checkpoint))!["episodes_done"]!;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<string> Findings(string path) => File.ReadAllLines(path)
        .Select(l => JsonNode.Parse(l)!)
        .Select(f => $"{f["finding_id"]} {f["rule_kind"]} {f["amount"]} {f["status"]}")
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Every episode's line count as the cluster holds it.</summary>
    private static async Task<long> Lines(Uri url, string ndjson)
    {
        using var http = LocalCredentials.Http(url);
        long lines = 0;
        foreach (var record in File.ReadLines(ndjson).Select(l => JsonNode.Parse(l)!))
        {
            var view = JsonNode.Parse(await http.GetStringAsync($"/api/v1/episodes/{record["fixmedins_code"]}/{record["mdtrt_id"]}"))!;
            lines += (long)view["totals"]!["line_count"]!;
        }
        return lines;
    }
}
