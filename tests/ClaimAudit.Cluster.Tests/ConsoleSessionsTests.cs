using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Cluster.Tests;

/// <summary>The console behind a load balancer: two gateway processes, no sticky sessions, and a whole-cluster restart.</summary>
public class ConsoleSessionsTests
{
    private static async Task<HttpStatusCode> QueueAsync(Uri gateway, CookieContainer cookies, string expectedName)
    {
        using var browser = new ConsoleBrowser(gateway, cookies);
        using var response = await browser.Http.GetAsync("/console/reviews");
        if (response.StatusCode == HttpStatusCode.OK)
            Assert.Contains(expectedName, await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    [Fact]
    public async Task A_session_opened_at_one_gateway_is_honoured_by_every_gateway_and_after_a_whole_cluster_restart()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, gateways: 2);
        using var admin = LocalCredentials.Http(cluster.Gateways[0].BaseAddress);
        using var created = await admin.PostAsync("/api/v1/admin/keys",
            new StringContent("""{"name":"孙审核","role":"reviewer","admdvs":"33"}""", Encoding.UTF8, "application/json"));
        var secret = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["secret"]!;

        // Both gateways sign someone in at once, before either has a key: each may make the ring's first key.
        using var atFirst = new ConsoleBrowser(cluster.Gateways[0].BaseAddress);
        using var atSecond = new ConsoleBrowser(cluster.Gateways[1].BaseAddress);
        var signIns = await Task.WhenAll(atFirst.SignInAsync(secret), atSecond.SignInAsync(secret));
        Assert.All(signIns, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.True(atFirst.HasSession && atSecond.HasSession);

        // Each session opens pages at the other gateway, and a form token from one is accepted by the other.
        Assert.Equal(HttpStatusCode.OK, await QueueAsync(cluster.Gateways[1].BaseAddress, atFirst.Cookies, "孙审核"));
        Assert.Equal(HttpStatusCode.OK, await QueueAsync(cluster.Gateways[0].BaseAddress, atSecond.Cookies, "孙审核"));
        var token = await atFirst.TokenAsync("/console/reviews");
        using (var elsewhere = new ConsoleBrowser(cluster.Gateways[1].BaseAddress, atFirst.Cookies))
        {
            var fields = new Dictionary<string, string> { ["ids"] = "F0000000000000000000", ["decision"] = "confirm", ["reason"] = "x" };
            Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostFormAsync("/console/reviews/decide", fields, token)).StatusCode); // past the token: the finding is unknown
        }

        // Every process stopped and started again: the key ring is in the cluster's database, so nobody is signed out.
        await cluster.StopAllGracefullyAsync();
        await cluster.StartProcessesAsync(silos: 1, gateways: 1);
        Assert.Equal(HttpStatusCode.OK, await QueueAsync(cluster.Gateways[0].BaseAddress, atFirst.Cookies, "孙审核"));
        Assert.Equal(HttpStatusCode.OK, await QueueAsync(cluster.Gateways[0].BaseAddress, atSecond.Cookies, "孙审核"));

        // A cookie no gateway protected is still refused.
        var forged = new CookieContainer();
        forged.Add(cluster.Gateways[0].BaseAddress, new Cookie("claimaudit.console", "CfDJ8forged", "/console"));
        Assert.Equal(HttpStatusCode.Redirect, await QueueAsync(cluster.Gateways[0].BaseAddress, forged, "孙审核"));
    }
}
