using ClaimAudit.Testing;
using ClaimAudit.Tools.Benchmarking;
using ClaimAudit.Tools.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace ClaimAudit.Cluster.Tests;

public class KillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Each_silo_killed_in_turn_under_load_loses_no_acknowledged_line_and_every_episode_reads_back_as_an_embedded_run()
    {
        // Long stays for volume, and a generated province for every rule kind and the cross-episode cases.
        var workload = Workload.Create(episodes: 150) + Workload.Province(seed: 47, persons: 300);
        var embedded = await Readback.EmbeddedAsync(workload);
        await using var cluster = await ProcessCluster.StartAsync(silos: 3, gateways: 1);
        // A hospital's sender: it re-sends what was not acknowledged until it is (a kill takes failure detection to heal).
        using var client = new GatewayClient(cluster.Gateways[0].BaseAddress, LocalCredentials.AdminKey, attempts: 120);
        await workload.RegisterInstitutionsAsync(client);

        // kill -9 of the three first silos one after another, each at a quarter more of the load, each replaced by a new
        // silo; the senders wait at each quarter until that kill has happened, so every kill lands mid-stream.
        var kills = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var replacements = new List<Task>();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(Enumerable.Range(0, workload.Episodes.Count));
        var done = 0;
        var thresholds = Enumerable.Range(1, 3).Select(q => q * workload.Episodes.Count / 4).ToArray();
        async Task Worker()
        {
            while (queue.TryDequeue(out var index))
            {
                await client.IngestAsync(workload.Document(index), batchSize: 50, CancellationToken.None);
                var count = Interlocked.Increment(ref done);
                for (var i = 0; i < thresholds.Length; i++)
                {
                    if (count == thresholds[i])
                    {
                        cluster.Silos[i].Kill();
                        lock (replacements)
                            replacements.Add(cluster.AddSiloAsync());
                        kills[i].SetResult();
                    }
                    if (count >= thresholds[i])
                        await kills[i].Task;
                }
            }
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Worker()));
        await Task.WhenAll(replacements);
        output.WriteLine($"{workload.LineCount} lines over {workload.Episodes.Count} episodes in {clock.Elapsed.TotalSeconds:0.0} s " +
                         $"(3 silos killed in turn and replaced), {client.Retries} retried requests");

        Assert.All(kills, kill => Assert.True(kill.Task.IsCompleted));
        Assert.All(cluster.Silos.Take(3), silo => Assert.True(silo.HasExited));
        // The log holds exactly the acknowledged lines: every line was acknowledged (the client retried until it was), none twice.
        var (stored, distinct) = await FeeLog.CountAsync(cluster.ConnectionString);
        Assert.Equal((long)workload.LineCount, stored);
        Assert.Equal(stored, distinct);

        var readback = await Readback.ReadAllAsync(cluster.Gateways[0].BaseAddress, workload);
        output.WriteLine($"{workload.Episodes.Count} episodes read back: {readback.Episodes.Count} answered, {readback.Failed.Count} failed");
        Assert.Empty(readback.Failed);
        Assert.Equal(embedded.OrderBy(e => e.Key).ToList(), readback.Episodes.OrderBy(e => e.Key).ToList());
        Assert.All(ScaleAndRestartTests.CrossEpisodeKinds, kind => Assert.Contains(readback.Episodes.Values, v => v.Contains($"{kind}:")));
    }
}
