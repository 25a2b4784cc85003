using System.Net;
using System.Net.Http.Json;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Testing;

namespace ClaimAudit.Silo.Tests;

public class ObservabilityTests
{
    [Fact]
    public async Task A_silo_serves_readiness_to_anyone_and_metrics_and_the_dashboard_only_to_operators()
    {
        var metricsPort = EmbeddedCluster.FreePort();
        await using var silo = await BuiltHost.StartAsync("ClaimAudit.Silo", () =>
        [
            "--Security:MetricsPort", metricsPort.ToString(),
            "--Orleans:SiloPort", EmbeddedCluster.FreePort().ToString(), "--Orleans:GatewayPort", EmbeddedCluster.FreePort().ToString(),
            "--Security:ApiKeys:0:Key", "hospital-key-0123456789", "--Security:ApiKeys:0:Role", "hospital", "--Security:ApiKeys:0:FixmedinsCode", "H1",
            "--Security:ApiKeys:1:Key", "operator-key-0123456789", "--Security:ApiKeys:1:Role", "operator",
        ]);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", "hospital-key-0123456789");
        using var anonymousClient = new HttpClient { BaseAddress = silo.BaseAddress };
        using var operatorClient = new HttpClient { BaseAddress = silo.BaseAddress };
        operatorClient.DefaultRequestHeaders.Add("X-Api-Key", "operator-key-0123456789");
        (await http.PostAsJsonAsync("/api/v1/episodes", new
        {
            fixmedins_code = "H1", mdtrt_id = "M1", psn_no = "P1", gend = "1", brdy = "1980-05-01", insutype = "310", med_type = "21",
            begntime = "2026-03-01 08:00:00", diseinfo = new[] { new { diag_type = "1", maindiag_flag = "1", diag_code = "J18.900" } },
        })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/v1/episodes/H1/M1/fee-lines", new
        {
            feedetail = new object[]
            {
                new { feedetl_sn = "1", fee_ocur_time = "2026-03-02 10:00:00", med_list_codg = "ZD03AAA0043010100166", med_chrgitm_type = "11", cnt = 1, pric = 25 },
                new { feedetl_sn = "2", fee_ocur_time = "not a time", med_list_codg = "X", med_chrgitm_type = "09", cnt = 1, pric = 1 },
            },
        })).EnsureSuccessStatusCode();

        var ready = await anonymousClient.GetAsync("/readyz");
        var metrics = await operatorClient.GetStringAsync("/metrics");
        var metricsAnonymous = await anonymousClient.GetAsync("/metrics");
        var metricsHospital = await http.GetAsync("/metrics");
        var anonymous = await anonymousClient.GetAsync("/dashboard/");
        var hospital = await http.GetAsync("/dashboard/");
        var operatorAnswer = await operatorClient.GetAsync("/dashboard/");
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        wrongKey.Headers.Add("X-Api-Key", "guess");
        var guessed = await anonymousClient.SendAsync(wrongKey);
        var episodeForOperator = await operatorClient.GetAsync("/api/v1/episodes/H1/M1");
        // The separate metrics port answers /metrics without a credential, and nothing else without one.
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        var scraped = await scraper.GetAsync("/metrics");
        var apiOnMetricsPort = await scraper.GetAsync("/api/v1/episodes/H1/M1");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Matches(@"claimaudit_fee_lines_total\{[^}]*outcome=""accepted""[^}]*\} 1", metrics);
        Assert.Matches(@"claimaudit_fee_lines_total\{[^}]*outcome=""rejected""[^}]*\} 1", metrics);
        Assert.Contains("claimaudit_findings_total{", metrics);
        Assert.Contains("rule_kind=\"limit.sex\"", metrics);
        Assert.Contains("claimaudit_ingest_duration_seconds_bucket", metrics);
        Assert.Contains("orleans_", metrics);
        Assert.DoesNotContain("H1", metrics.Split('\n').Where(l => l.StartsWith("claimaudit_")).SelectMany(l => l.Split('{').Skip(1)));
        Assert.Equal(HttpStatusCode.Unauthorized, metricsAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, metricsHospital.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, hospital.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, episodeForOperator.StatusCode); // an operator reads metrics, not patients' episodes
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("claimaudit_fee_lines_total", await scraped.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, apiOnMetricsPort.StatusCode);
    }
}
