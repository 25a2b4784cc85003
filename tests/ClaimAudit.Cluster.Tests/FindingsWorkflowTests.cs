using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Hosting;
using Xunit.Abstractions;

namespace ClaimAudit.Cluster.Tests;

public class FindingsWorkflowTests(ITestOutputHelper output)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> Expect(Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static string Batch(string sn) => $$"""
        {"feedetail":[{"feedetl_sn":"{{sn}}","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"ZD03AAA0043010100166","med_chrgitm_type":"11","cnt":2,"pric":25}]}
        """;

    /// <summary>Registers the institution, admits a man's stay, bills him a drug limited to women, discharges him; answers the finding's id.</summary>
    private static async Task<string> StayWithASexLimitFinding(HttpClient admin, string code, string admdvs, string mdtrt)
    {
        await Expect(admin.PutAsync($"/api/v1/institutions/{code}", Json($$"""{"hosp_lv":"01","admdvs":"{{admdvs}}"}""")), HttpStatusCode.OK);
        await Expect(admin.PostAsync("/api/v1/episodes", Json($$"""
            {"fixmedins_code":"{{code}}","mdtrt_id":"{{mdtrt}}","psn_no":"P{{mdtrt}}","gend":"1","brdy":"1980-05-01","insutype":"310",
             "med_type":"21","begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """)), HttpStatusCode.Created);
        var batch = await Expect(admin.PostAsync($"/api/v1/episodes/{code}/{mdtrt}/fee-lines", Json(Batch("SN1"))), HttpStatusCode.OK);
        await Expect(admin.PostAsync($"/api/v1/episodes/{code}/{mdtrt}/discharge", Json("""{"endtime":"2026-03-04 10:00:00"}""")), HttpStatusCode.OK);
        return (string)batch["findings"]![0]!["finding_id"]!;
    }

    private static async Task<decimal> MonthDeduction(HttpClient http, string code) =>
        (decimal)(await Expect(http.GetAsync($"/api/v1/institutions/{code}/scorecard?from=2026-03&to=2026-03"), HttpStatusCode.OK))["months"]![0]!["deduction"]!;

    private static string State(JsonObject detail) =>
        $"{detail["finding"]!["status"]} {(decimal)detail["episode_deduction"]!} | " +
        string.Join(" | ", detail["history"]!.AsArray().Select(e => $"{e!["from"]}→{e["to"]} {e["actor"]}/{e["role"]} {e["reason"]} {e["at"]}"));

    [Fact]
    public async Task On_postgresql_with_two_silos_a_confirmation_and_an_overturned_appeal_move_deduction_and_scorecard_and_survive_killing_every_silo()
    {
        var rules = new TestRules();
        try
        {
            await using var cluster = await ProcessCluster.StartAsync(silos: 2, gateways: 1, siloSettings: ["--ClaimAudit:RulesPath", rules.Path]);
            using var admin = LocalCredentials.Http(cluster.Gateways[0].BaseAddress);
            // People's keys, stored hashed in PostgreSQL through the admin endpoint.
            var reviewerKey = (string)(await Expect(admin.PostAsync("/api/v1/admin/keys", Json("""{"name":"王审核","role":"reviewer","admdvs":"99"}""")), HttpStatusCode.Created))["secret"]!;
            var reviewer2Key = (string)(await Expect(admin.PostAsync("/api/v1/admin/keys", Json("""{"name":"李审核","role":"reviewer","admdvs":"33"}""")), HttpStatusCode.Created))["secret"]!;
            var hospitalKey = (string)(await Expect(admin.PostAsync("/api/v1/admin/keys", Json("""{"name":"HIS of HV01","role":"hospital","fixmedins_code":"HV01"}""")), HttpStatusCode.Created))["secret"]!;
            using var reviewer = new HttpClient { BaseAddress = cluster.Gateways[0].BaseAddress };
            reviewer.DefaultRequestHeaders.Add("X-Api-Key", reviewerKey);
            using var reviewer2 = new HttpClient { BaseAddress = cluster.Gateways[0].BaseAddress };
            reviewer2.DefaultRequestHeaders.Add("X-Api-Key", reviewer2Key);
            using var hospital = new HttpClient { BaseAddress = cluster.Gateways[0].BaseAddress };
            hospital.DefaultRequestHeaders.Add("X-Api-Key", hospitalKey);

            var suspicious = await StayWithASexLimitFinding(admin, "HS01", TestRules.SuspiciousRegion, "MS01");
            var violation = await StayWithASexLimitFinding(admin, "HV01", "330106", "MV01");
            var queue = await Expect(reviewer.GetAsync("/api/v1/reviews"), HttpStatusCode.OK);
            var suspiciousBefore = await MonthDeduction(admin, "HS01");
            var confirmed = await Expect(reviewer.PostAsync($"/api/v1/findings/{suspicious}/decision", Json("""{"decision":"confirm","reason":"无女性用药指征"}""")), HttpStatusCode.OK);
            var suspiciousAfter = await MonthDeduction(admin, "HS01");
            var violationBefore = await MonthDeduction(hospital, "HV01");
            await Expect(hospital.PostAsync($"/api/v1/findings/{violation}/appeal", Json("""{"reason":"性别登记错误","evidence":["attachment:scan-01"]}""")), HttpStatusCode.OK);
            var whileAppealed = await MonthDeduction(hospital, "HV01");
            var overturned = await Expect(reviewer2.PostAsync($"/api/v1/findings/{violation}/decision", Json("""{"decision":"overturn","reason":"证据充分"}""")), HttpStatusCode.OK);
            var violationAfter = await MonthDeduction(hospital, "HV01");
            var institution = await Expect(admin.GetAsync("/api/v1/institutions/HV01"), HttpStatusCode.OK);
            var countsOf33 = await Expect(reviewer2.GetAsync("/api/v1/findings/counts?fixmedins_code=HV01"), HttpStatusCode.OK);
            var regionOf99 = JsonNode.Parse(await reviewer.GetStringAsync("/api/v1/regions/institutions"))!.AsArray();
            output.WriteLine($"confirmed: {State(confirmed)}");
            output.WriteLine($"overturned: {State(overturned)}");

            Assert.Contains(queue["items"]!.AsArray(), i => (string?)i!["finding"]!["finding_id"] == suspicious);
            Assert.Equal((0m, 50m), (suspiciousBefore, suspiciousAfter));
            Assert.Equal((50m, 50m, 0m), (violationBefore, whileAppealed, violationAfter));
            Assert.Equal(0m, (decimal)institution["deduction"]!);
            Assert.Equal([("overturned", 1)], countsOf33.Select(c => (c.Key, (int)c.Value!)));
            Assert.Equal([("HS01", 1, 50m)], regionOf99.Select(r => ((string)r!["fixmedins_code"]!, (int)r["episodes"]!, (decimal)r["deduction"]!)));
            Assert.Equal(["王审核"], confirmed["history"]!.AsArray().Select(e => (string)e!["actor"]!));
            Assert.Equal(["HIS of HV01", "李审核"], overturned["history"]!.AsArray().Select(e => (string)e!["actor"]!));

            // Every silo killed (so certainly the ones holding both episodes) right after a read the gateway has still to
            // write to the access log; the cluster stays away longer than any retry budget, and the gateway must neither
            // stop nor forget the read. New silos started, the last batches re-sent.
            await Expect(reviewer.GetAsync($"/api/v1/findings/{suspicious}"), HttpStatusCode.OK);
            foreach (var silo in cluster.Silos.ToList())
                silo.Kill();
            await Task.Delay(TimeSpan.FromSeconds(20));
            await cluster.AddSiloAsync();
            await cluster.AddSiloAsync();
            using var client = new ClaimAudit.Tools.Benchmarking.GatewayClient(cluster.Gateways[0].BaseAddress, LocalCredentials.AdminKey, attempts: 120);
            await client.GetAsync("/api/v1/admin/rulesets", CancellationToken.None); // waits until the new silos answer
            await Expect(admin.PostAsync("/api/v1/episodes/HS01/MS01/fee-lines", Json(Batch("SN1"))), HttpStatusCode.OK);
            await Expect(admin.PostAsync("/api/v1/episodes/HV01/MV01/fee-lines", Json(Batch("SN1"))), HttpStatusCode.OK);
            var confirmedAfterKill = await Expect(reviewer.GetAsync($"/api/v1/findings/{suspicious}"), HttpStatusCode.OK);
            var overturnedAfterKill = await Expect(hospital.GetAsync($"/api/v1/findings/{violation}"), HttpStatusCode.OK);

            Assert.Equal(State(confirmed), State(confirmedAfterKill));
            Assert.Equal(State(overturned), State(overturnedAfterKill));
            Assert.Equal(50m, await MonthDeduction(admin, "HS01"));
            Assert.Equal(0m, await MonthDeduction(admin, "HV01"));
            JsonArray reads = [];
            for (var wait = 0; wait < 300 && reads.Count < 3; wait++) // the queue, the read before the kill, the one after
            {
                await Task.Delay(100);
                reads = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/admin/access-log?fixmedins_code=HS01&mdtrt_id=MS01"))!.AsArray();
            }
            Assert.Equal(["GET finding " + suspicious, "GET finding " + suspicious, "GET /api/v1/reviews"], reads.Select(e => (string)e!["action"]!));

            // Both orders of the search on PostgreSQL: the same findings, one the other reversed (after the access-log
            // check above: a search's reads are recorded too).
            var oldestFirst = JsonNode.Parse(await admin.GetStringAsync("/api/v1/findings?page_size=1000"))!["items"]!.AsArray().Select(i => (string)i!["finding"]!["finding_id"]!).ToList();
            var newestFirst = JsonNode.Parse(await admin.GetStringAsync("/api/v1/findings?page_size=1000&order=newest"))!["items"]!.AsArray().Select(i => (string)i!["finding"]!["finding_id"]!).ToList();
            Assert.True(oldestFirst.Count >= 2);
            Assert.Equal(Enumerable.Reverse(oldestFirst), newestFirst);
            var month = JsonNode.Parse(await admin.GetStringAsync("/api/v1/institutions/HS01/scorecard"))!["months"]![0]!;
            Assert.Equal(50m, (decimal)month["deducting_amount_by_kind"]!["limit.sex"]!); // the confirmed suspicious finding
        }
        finally
        {
            rules.Delete();
        }
    }
}
