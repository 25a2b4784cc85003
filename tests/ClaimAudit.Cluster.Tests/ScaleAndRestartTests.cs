using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Benchmarking;
using ClaimAudit.Tools.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace ClaimAudit.Cluster.Tests;

public partial class ScaleAndRestartTests(ITestOutputHelper output)
{
    private static async Task IngestAllAsync(GatewayClient client, Workload workload, int workers, Func<int, Task>? onProgress = null)
    {
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, workload.Episodes.Count));
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (queue.TryDequeue(out var index))
            {
                await client.IngestAsync(workload.Document(index), batchSize: 50, CancellationToken.None);
                if (onProgress is not null)
                    await onProgress(Interlocked.Increment(ref done));
            }
        }));
    }

    [Fact]
    public async Task A_silo_added_under_load_takes_activations_and_one_stopped_gracefully_fails_no_request()
    {
        var workload = Workload.Create(episodes: 600);
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, gateways: 1);
        using var client = new GatewayClient(cluster.Gateways[0].BaseAddress, LocalCredentials.AdminKey, attempts: 120);
        await workload.RegisterInstitutionsAsync(client);
        Task? scaleOut = null, scaleIn = null;

        // Any request that still fails after its retries throws here and fails the test.
        await IngestAllAsync(client, workload, workers: 8, async done =>
        {
            if (done == 100)
                scaleOut = cluster.AddSiloAsync();
            // On a busy machine a silo can take longer to start than the rest of the load takes to send: the senders
            // wait at 150 until it has joined, so the 450 episodes after it can land on it.
            if (done >= 150 && scaleOut is not null)
                await scaleOut;
            if (done == 300)
                scaleIn = cluster.Silos[0].StopGracefullyAsync(TimeSpan.FromSeconds(60));
        });
        await scaleOut!;
        await scaleIn!;

        var added = cluster.Silos[^1];
        using var http = LocalCredentials.Http(added.BaseAddress);
        var metrics = await http.GetStringAsync("/metrics");
        var episodesActivated = EpisodeActivations().Matches(metrics).Sum(m => long.Parse(m.Groups[1].Value));
        output.WriteLine($"the added silo created {episodesActivated} episode activations; {client.Retries} requests were retried");
        Assert.True(episodesActivated > 0, "the silo added under load took no episode activations");
        Assert.True(cluster.Silos[0].HasExited);
        Assert.Equal(workload.LineCount, await LogCount(cluster.ConnectionString));
    }

    [Fact]
    public async Task After_every_process_is_stopped_and_started_again_every_episode_of_a_province_reads_back_unchanged()
    {
        var workload = Workload.Province(seed: 31, persons: 350);
        var embedded = await Readback.EmbeddedAsync(workload);
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, gateways: 1);
        using var client = new GatewayClient(cluster.Gateways[0].BaseAddress, LocalCredentials.AdminKey, attempts: 120);
        await workload.RegisterInstitutionsAsync(client);
        await IngestAllAsync(client, workload, workers: 8);
        var before = await Readback.ReadAllAsync(cluster.Gateways[0].BaseAddress, workload);

        await cluster.StopAllGracefullyAsync();
        await cluster.StartProcessesAsync(silos: 2, gateways: 1);
        var after = await Readback.ReadAllAsync(cluster.Gateways[0].BaseAddress, workload);

        output.WriteLine($"{workload.Episodes.Count} episodes ({workload.LineCount} lines) read back after the restart: " +
                         $"{after.Episodes.Count} answered, {after.Failed.Count} failed");
        Assert.Empty(before.Failed);
        Assert.Empty(after.Failed);
        Assert.Equal(workload.Episodes.Count, after.Episodes.Count);
        Assert.Equal(before.Episodes.OrderBy(e => e.Key).ToList(), after.Episodes.OrderBy(e => e.Key).ToList());
        Assert.Equal(embedded.OrderBy(e => e.Key).ToList(), after.Episodes.OrderBy(e => e.Key).ToList());
        Assert.All(CrossEpisodeKinds, kind => Assert.Contains(after.Episodes.Values, v => v.Contains($"{kind}:")));
    }

    /// <summary>The kinds judged over a person's history, whose findings a restart lost before .</summary>
    public static readonly string[] CrossEpisodeKinds =
        ["episode.readmission", "episode.overlap", "drug.supply-overlap", "cycle.frequency", "charge.duplicate-line", "visit.frequency"];

    private static async Task<long> LogCount(string connectionString) => (await FeeLog.CountAsync(connectionString)).Stored;

    [GeneratedRegex(@"orleans_catalog_activation_created_total\{[^}]*grain_type=""episode""[^}]*\} (\d+)")]
    private static partial Regex EpisodeActivations();
}
