using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Benchmarking;
using ClaimAudit.Tools.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace ClaimAudit.Cluster.Tests;

/// <summary>
/// The database goes away mid-stream (a crash or a failover: <c>pg_ctl stop -m immediate</c>) for 20 s and comes back.
/// The silos stay up; a request that needs the database meanwhile answers 503 with Retry-After (never a 500, never a
/// hang); a sender that re-sends what was not acknowledged ends with every line stored exactly once and the same
/// findings as an embedded run.
/// </summary>
public class PostgresOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostgreSQL_stopped_for_20_s_mid_stream_keeps_the_silos_up_answers_503_with_retry_after_and_loses_no_acknowledged_line()
    {
        var workload = Workload.Create(episodes: 40) + Workload.Province(seed: 53, persons: 40);
        var embedded = await Readback.EmbeddedAsync(workload);
        var server = PostgresServer.StartPrivate();
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, gateways: 1, server: server);
        using (var registrar = new GatewayClient(cluster.Gateways[0].BaseAddress, LocalCredentials.AdminKey))
            await workload.RegisterInstitutionsAsync(registrar);
        using var http = LocalCredentials.Http(cluster.Gateways[0].BaseAddress);
        http.Timeout = TimeSpan.FromSeconds(60);

        var statuses = new ConcurrentDictionary<int, int>();
        var withoutRetryAfter = 0;
        long accepted = 0, duplicates = 0;
        var batches = workload.Episodes.Sum(e => (e.Lines.Count + 19) / 20);
        var acknowledged = 0;
        var outage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var during = 0;
        var down = false;

        // Sends until the gateway answers 2xx; a 503 must say when to come back. Answers the acknowledged body.
        async Task<JsonObject> Send(string path, JsonObject body)
        {
            while (true)
            {
                using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(NationalJson.Options), Encoding.UTF8, "application/json"));
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if (response.IsSuccessStatusCode)
                    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                if (Volatile.Read(ref down))
                    Interlocked.Increment(ref during);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (response.Headers.RetryAfter is null)
                    Interlocked.Increment(ref withoutRetryAfter);
                await Task.Delay(250);
            }
        }

        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, workload.Episodes.Count));
        async Task Worker()
        {
            while (queue.TryDequeue(out var index))
            {
                var (episode, _, lines) = workload.Episodes[index];
                await Send("/api/v1/episodes", Workload.Admission(episode));
                foreach (var batch in lines.Chunk(20))
                {
                    var answer = await Send($"/api/v1/episodes/{episode.FixmedinsCode}/{episode.MdtrtId}/fee-lines",
                        new JsonObject { ["feedetail"] = JsonSerializer.SerializeToNode(batch, NationalJson.Options) });
                    Interlocked.Add(ref accepted, (int)answer["accepted"]!);
                    Interlocked.Add(ref duplicates, (int)answer["duplicates"]!);
                    if (Interlocked.Increment(ref acknowledged) == batches / 4)
                        outage.TrySetResult();
                }
                if (episode.Endtime is { } end)
                    await Send($"/api/v1/episodes/{episode.FixmedinsCode}/{episode.MdtrtId}/discharge", new JsonObject
                    {
                        ["endtime"] = NationalTime.Format(end),
                        ["diseinfo"] = JsonSerializer.SerializeToNode(episode.Diseinfo, NationalJson.Options),
                        ["dscg_way"] = episode.DscgWay,
                    });
            }
        }
        var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToList();
        await outage.Task;
        server.Halt();
        Volatile.Write(ref down, true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(20));
        var failedDuring = Volatile.Read(ref during);
        var silosUpDuring = cluster.Silos.Count(s => !s.HasExited);
        server.Resume();
        Volatile.Write(ref down, false);
        await Task.WhenAll(senders);
        // Every episode's first batch sent once more, after the outage: each is recognised as a re-send, none counts again.
        long resentAccepted = 0, resentDuplicates = 0;
        foreach (var (episode, _, lines) in workload.Episodes.Where(e => e.Lines.Count > 0))
        {
            var answer = await Send($"/api/v1/episodes/{episode.FixmedinsCode}/{episode.MdtrtId}/fee-lines",
                new JsonObject { ["feedetail"] = JsonSerializer.SerializeToNode(lines.Take(20).ToList(), NationalJson.Options) });
            resentAccepted += (int)answer["accepted"]!;
            resentDuplicates += (int)answer["duplicates"]!;
        }
        output.WriteLine($"outage of {clock.Elapsed.TotalSeconds:0.0} s; answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; " +
                         $"{failedDuring} refused during the outage; {accepted} lines accepted, {duplicates} re-sends recognised; afterwards {resentDuplicates} lines re-sent, {resentAccepted} accepted again");

        Assert.Equal(2, silosUpDuring);
        Assert.All(cluster.Silos, silo => Assert.False(silo.HasExited));
        Assert.True(failedDuring > 0, "no request was refused while the database was down");
        Assert.All(statuses.Keys, status => Assert.True(status is >= 200 and < 300 or 503, $"answered {status}"));
        Assert.Equal(0, withoutRetryAfter);
        // Every line was taken once: a batch answered 503 after it was stored (its person's update failed) comes back as
        // a re-send when it is sent again, not as new lines.
        Assert.Equal(workload.LineCount, accepted + duplicates);
        Assert.Equal((0L, (long)workload.Episodes.Sum(e => Math.Min(20, e.Lines.Count))), (resentAccepted, resentDuplicates));
        Assert.Equal(((long)workload.LineCount, (long)workload.LineCount), await FeeLog.CountAsync(cluster.ConnectionString));

        // Read back from the database alone: every process killed (kill -9) and the cluster started again.
        await cluster.KillAllAsync();
        await cluster.StartProcessesAsync(silos: 1, gateways: 1);
        var readback = await Readback.ReadAllAsync(cluster.Gateways[0].BaseAddress, workload);
        Assert.Empty(readback.Failed);
        Assert.Equal(embedded.OrderBy(e => e.Key).ToList(), readback.Episodes.OrderBy(e => e.Key).ToList());
    }
}
