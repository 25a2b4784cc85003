using ClaimAudit.Cli.Auditing;
using ClaimAudit.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace ClaimAudit.Cluster.Tests;

public class KillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_killed_mid_stream_loses_no_acknowledged_line_and_the_findings_equal_an_embedded_run()
    {
        var workload = Workload.Create(episodes: 2_000);
        Assert.True(workload.LineCount >= 200_000);
        await using var cluster = await ProcessCluster.StartAsync(silos: 3, gateways: 1);
        var client = new IngestClient([cluster.Gateways[0].BaseAddress]);
        await client.RegisterInstitutionsAsync(workload);

        var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(Enumerable.Range(0, workload.Episodes.Count));
        var done = 0;
        var killed = false;
        async Task Worker()
        {
            while (queue.TryDequeue(out var index))
            {
                await client.IngestAsync(workload.Episodes[index]);
                if (Interlocked.Increment(ref done) == workload.Episodes.Count / 3 && !killed)
                {
                    killed = true;
                    cluster.Silos[1].Kill(); // kill -9, mid-stream
                }
            }
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Worker()));
        output.WriteLine($"{workload.LineCount} lines over {workload.Episodes.Count} episodes in {clock.Elapsed.TotalSeconds:0.0} s " +
                         $"({workload.LineCount / clock.Elapsed.TotalSeconds:0} lines/s through HTTP, 3 silos, one killed), {client.Retries} retried requests");

        Assert.True(killed);
        Assert.True(cluster.Silos[1].HasExited);
        // The log holds exactly the acknowledged lines: every line was acknowledged (the client retried until it was), none twice.
        await using (var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString))
        await using (var count = dataSource.CreateCommand("SELECT count(*), count(DISTINCT (episode_key, feedetl_sn)) FROM claimaudit_fee_line"))
        await using (var reader = await count.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal((long)workload.LineCount, reader.GetInt64(0));
            Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
        }

        // The same data through the embedded default, in file order, in this process.
        await using var embedded = await EmbeddedCluster.StartAsync(null, CancellationToken.None);
        var reference = await new BatchAuditor(embedded.Grains, embedded.Rules.Current.Knowledge.Diagnoses).RunAsync(new StringReader(workload.ToNdjson()), CancellationToken.None);
        var expected = reference.Findings.Where(f => f.MdtrtId.Length > 0)
            .GroupBy(f => f.MdtrtId).ToDictionary(g => g.Key, g => g.Select(f => $"{f.FindingId}:{f.Amount}").Order().ToList());
        Assert.Contains(reference.Findings, f => f.RuleKind == "episode.readmission");
        Assert.Contains(reference.Findings, f => f.RuleKind == "qty.per-period");

        var mismatches = new List<string>();
        await Parallel.ForEachAsync(workload.Episodes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            var view = await client.GetAsync($"/api/v1/episodes/{item.Episode.FixmedinsCode}/{item.Episode.MdtrtId}");
            var actual = view["findings"]!.AsArray().Select(f => $"{(string)f!["finding_id"]!}:{(decimal)f["amount"]!}").Order().ToList();
            if (!actual.SequenceEqual(expected.GetValueOrDefault(item.Episode.MdtrtId) ?? []) || (int)view["totals"]!["line_count"]! != item.Lines.Count)
                lock (mismatches)
                    mismatches.Add(item.Episode.MdtrtId);
        });
        Assert.Empty(mismatches);
    }
}
