using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Tools.Hosting;
using Xunit.Abstractions;

namespace ClaimAudit.Cluster.Tests;

public class KeyRevocationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_key_revoked_through_one_gateway_is_refused_by_every_gateway_within_their_trust_period()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, gateways: 2);
        using var admin = LocalCredentials.Http(cluster.Gateways[0].BaseAddress);
        using var created = await admin.PostAsync("/api/v1/admin/keys",
            new StringContent("""{"name":"HIS of HK01","role":"hospital","fixmedins_code":"HK01"}""", Encoding.UTF8, "application/json"));
        var key = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var clients = cluster.Gateways.Select(g =>
        {
            var http = new HttpClient { BaseAddress = g.BaseAddress };
            http.DefaultRequestHeaders.Add("X-Api-Key", (string)key["secret"]!);
            return http;
        }).ToList();
        // Both gateways know the key (and so have cached that it is good).
        foreach (var client in clients)
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/episodes/HK01/NONE")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/keys/{key["key"]!["key_id"]}")).StatusCode);
        var clock = Stopwatch.StartNew();
        var refusedAfter = new TimeSpan?[clients.Count];
        while (refusedAfter.Any(t => t is null) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            for (var i = 0; i < clients.Count; i++)
                if (refusedAfter[i] is null && (await clients[i].GetAsync("/api/v1/episodes/HK01/NONE")).StatusCode == HttpStatusCode.Unauthorized)
                    refusedAfter[i] = clock.Elapsed;
            await Task.Delay(100);
        }
        output.WriteLine("refused after: " + string.Join(", ", refusedAfter.Select((t, i) => $"gateway {i}: {t?.TotalSeconds:0.0} s")));
        Assert.All(refusedAfter, t => Assert.NotNull(t));
        foreach (var client in clients)
            client.Dispose();
    }
}
