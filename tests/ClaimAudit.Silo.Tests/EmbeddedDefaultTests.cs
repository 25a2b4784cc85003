using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Silo.Tests;

public class EmbeddedDefaultTests
{
    private static readonly object Admission = new
    {
        fixmedins_code = "H1", mdtrt_id = "M1", psn_no = "P1", gend = "1", brdy = "1980-05-01", insutype = "310", med_type = "21",
        begntime = "2026-03-01 08:00:00", diseinfo = new[] { new { diag_type = "1", maindiag_flag = "1", diag_code = "J18.900" } },
    };

    private static readonly object FemaleOnlyDrugLine = new
    {
        feedetail = new[] { new { feedetl_sn = "1", fee_ocur_time = "2026-03-02 10:00:00", med_list_codg = "ZD03AAA0043010100166", med_chrgitm_type = "11", cnt = 1, pric = 25 } },
    };

    /// <summary>The admin key an embedded silo with no configured credential prints once at start.</summary>
    private static string PrintedKey(HostProcess silo)
    {
        var printed = Regex.Matches(silo.Output, @"ca_[A-Za-z0-9_-]{43}");
        Assert.Single(printed);
        return printed[0].Value;
    }

    [Fact]
    public async Task Silo_process_without_a_connection_string_serves_the_api_with_the_key_it_printed_and_says_nothing_is_durable()
    {
        await using var silo = await BuiltHost.StartAsync("ClaimAudit.Silo", () =>
            ["--Orleans:SiloPort", EmbeddedCluster.FreePort().ToString(), "--Orleans:GatewayPort", EmbeddedCluster.FreePort().ToString()]);
        using var anonymous = new HttpClient { BaseAddress = silo.BaseAddress };
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", PrintedKey(silo));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/episodes", Admission)).StatusCode);
        (await http.PostAsJsonAsync("/api/v1/episodes", Admission)).EnsureSuccessStatusCode();
        var answer = await (await http.PostAsJsonAsync("/api/v1/episodes/H1/M1/fee-lines", FemaleOnlyDrugLine)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("limit.sex", (string?)answer!["findings"]![0]!["rule_kind"]);
        Assert.Contains("NOTHING IS DURABLE", silo.Output);
        Assert.Contains("Rule set", silo.Output);
    }

    [Fact]
    public async Task A_separate_gateway_process_reaches_the_grains_of_a_silo_process()
    {
        var gatewayPort = EmbeddedCluster.FreePort().ToString();
        await using var silo = await BuiltHost.StartAsync("ClaimAudit.Silo", "--Orleans:SiloPort", EmbeddedCluster.FreePort().ToString(), "--Orleans:GatewayPort", gatewayPort);
        await using var gateway = await BuiltHost.StartAsync("ClaimAudit.Gateway", "--Orleans:GatewayPort", gatewayPort);
        // The gateway has no key of its own: it asks the cluster, which knows the key the silo printed.
        var key = PrintedKey(silo);
        using var viaGateway = new HttpClient { BaseAddress = gateway.BaseAddress };
        viaGateway.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var viaSilo = new HttpClient { BaseAddress = silo.BaseAddress };
        viaSilo.DefaultRequestHeaders.Add("X-Api-Key", key);

        (await viaGateway.PostAsJsonAsync("/api/v1/episodes", Admission)).EnsureSuccessStatusCode();
        (await viaGateway.PostAsJsonAsync("/api/v1/episodes/H1/M1/fee-lines", FemaleOnlyDrugLine)).EnsureSuccessStatusCode();
        using var read = await viaSilo.GetAsync("/api/v1/episodes/H1/M1");
        var episode = await read.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, (int)episode!["totals"]!["line_count"]!);
        Assert.Single(episode["findings"]!.AsArray());
    }
}
