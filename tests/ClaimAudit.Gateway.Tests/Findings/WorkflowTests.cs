using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Testing;

namespace ClaimAudit.Gateway.Tests.Findings;

/// <summary>The embedded API on <see cref="TestRules"/>, with a hospital key of HW01 and a reviewer of region 99.</summary>
public sealed class WorkflowFixture : GatewayFixture
{
    public const string HospitalKey = "hospital-hw01-key-0000";
    public const string ReviewerKey = "reviewer-99-key-000000";
    private readonly TestRules _rules = new();

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["ClaimAudit:RulesPath"] = _rules.Path;
        Key(settings, 1, HospitalKey, "hospital", "HIS of HW01", fixmedinsCode: "HW01");
        Key(settings, 2, ReviewerKey, "reviewer", "王审核", admdvs: "99");
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _rules.Delete();
    }
}

public class WorkflowTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static string Line(string sn, decimal cnt, string? init = null) => $$"""
        {"feedetl_sn":"{{sn}}",{{(init is null ? "" : $"\"init_feedetl_sn\":\"{init}\",")}}"fee_ocur_time":"2026-03-02 10:00:00",
         "med_list_codg":"ZD03AAA0043010100166","med_chrgitm_type":"11","cnt":{{cnt}},"pric":25}
        """;

    private async Task<(string Code, string Mdtrt, string FindingId)> EpisodeWithASexLimitFinding(string code, string admdvs, string mdtrt)
    {
        (await fixture.Http.PutAsync($"/api/v1/institutions/{code}", Json($$"""{"hosp_lv":"01","admdvs":"{{admdvs}}"}"""))).EnsureSuccessStatusCode();
        await Expect(await fixture.Http.PostAsync("/api/v1/episodes", Json($$"""
            {"fixmedins_code":"{{code}}","mdtrt_id":"{{mdtrt}}","psn_no":"P{{mdtrt}}","gend":"1","brdy":"1980-05-01","insutype":"310",
             "med_type":"21","begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """)), HttpStatusCode.Created);
        var batch = await Expect(await fixture.Http.PostAsync($"/api/v1/episodes/{code}/{mdtrt}/fee-lines", Json($$"""{"feedetail":[{{Line("SN1", 2)}}]}""")), HttpStatusCode.OK);
        return (code, mdtrt, (string)batch["findings"]![0]!["finding_id"]!);
    }

    private async Task<decimal> Deduction(string code, string mdtrt) =>
        (decimal)(await Expect(await fixture.Http.GetAsync($"/api/v1/episodes/{code}/{mdtrt}"), HttpStatusCode.OK))["totals"]!["deduction"]!;

    [Fact]
    public async Task A_suspicious_finding_is_deducted_once_confirmed_and_not_after_its_appeal_is_overturned_with_every_step_in_its_history()
    {
        var (code, mdtrt, id) = await EpisodeWithASexLimitFinding("HW01", "990100", "MW01");
        using var reviewer = fixture.ClientWithKey(WorkflowFixture.ReviewerKey);
        using var hospital = fixture.ClientWithKey(WorkflowFixture.HospitalKey);

        var pending = await Expect(await hospital.GetAsync($"/api/v1/findings/{id}"), HttpStatusCode.OK);
        var deductionPending = await Deduction(code, mdtrt);
        var confirmed = await Expect(await reviewer.PostAsync($"/api/v1/findings/{id}/decision", Json("""{"decision":"confirm","reason":"病历无女性用药指征"}""")), HttpStatusCode.OK);
        var again = await Expect(await reviewer.PostAsync($"/api/v1/findings/{id}/decision", Json("""{"decision":"confirm","reason":"x"}""")), HttpStatusCode.Conflict);
        var appealed = await Expect(await hospital.PostAsync($"/api/v1/findings/{id}/appeal", Json("""{"reason":"录入性别错误，已更正","evidence":["attachment:id-card-scan-01"]}""")), HttpStatusCode.OK);
        var deductionAppealed = await Deduction(code, mdtrt);
        var overturned = await Expect(await reviewer.PostAsync($"/api/v1/findings/{id}/decision", Json("""{"decision":"overturn","reason":"证据充分"}""")), HttpStatusCode.OK);
        var deductionOverturned = await Deduction(code, mdtrt);
        // A rules reload judges the episode again; the same batch sent again changes nothing: the decision stands.
        await Expect(await fixture.Http.PostAsync("/api/v1/admin/rulesets/reload", null), HttpStatusCode.OK);
        await Expect(await fixture.Http.PostAsync($"/api/v1/episodes/{code}/{mdtrt}/fee-lines", Json($$"""{"feedetail":[{{Line("SN1", 2)}}]}""")), HttpStatusCode.OK);
        var afterResend = await Expect(await hospital.GetAsync($"/api/v1/findings/{id}"), HttpStatusCode.OK);

        Assert.Equal("pending_review", (string?)pending["finding"]!["status"]);
        Assert.Equal(0m, deductionPending);
        Assert.Equal("confirmed", (string?)confirmed["finding"]!["status"]);
        Assert.Equal(50m, (decimal)confirmed["episode_deduction"]!);
        Assert.Equal("confirmed", (string?)again["current_status"]);
        Assert.Equal("appealed", (string?)appealed["finding"]!["status"]);
        Assert.Equal(50m, deductionAppealed);
        Assert.Equal("overturned", (string?)overturned["finding"]!["status"]);
        Assert.Equal(0m, deductionOverturned);
        Assert.Equal("overturned", (string?)afterResend["finding"]!["status"]);
        var history = afterResend["history"]!.AsArray();
        Assert.Equal(
            ["pending_review→confirmed by 王审核 (reviewer): 病历无女性用药指征", "confirmed→appealed by HIS of HW01 (hospital): 录入性别错误，已更正", "appealed→overturned by 王审核 (reviewer): 证据充分"],
            history.Select(e => $"{e!["from"]}→{e["to"]} by {e["actor"]} ({e["role"]}): {e["reason"]}"));
        Assert.Equal("attachment:id-card-scan-01", (string?)history[1]!["evidence"]![0]);
    }

    [Fact]
    public async Task A_violation_decided_and_then_re_raised_with_another_amount_goes_back_to_open_with_an_event_saying_why()
    {
        var (code, mdtrt, id) = await EpisodeWithASexLimitFinding("HW02", "330106", "MW02");
        await Expect(await fixture.Http.PostAsync($"/api/v1/findings/{id}/appeal", Json("""{"reason":"有医嘱"}""")), HttpStatusCode.OK);
        await Expect(await fixture.Http.PostAsync($"/api/v1/findings/{id}/decision", Json("""{"decision":"uphold","reason":"维持"}""")), HttpStatusCode.OK);

        // A refund of one unit: the finding now concerns 25 instead of 50.
        await Expect(await fixture.Http.PostAsync($"/api/v1/episodes/{code}/{mdtrt}/fee-lines", Json($$"""{"feedetail":[{{Line("SN1R", -1, init: "SN1")}}]}""")), HttpStatusCode.OK);
        var detail = await Expect(await fixture.Http.GetAsync($"/api/v1/findings/{id}"), HttpStatusCode.OK);

        Assert.Equal("open", (string?)detail["finding"]!["status"]);
        Assert.Equal(25m, (decimal)detail["finding"]!["amount"]!);
        var last = detail["history"]!.AsArray()[^1]!;
        Assert.Equal(("upheld", "open", "engine"), ((string?)last["from"], (string?)last["to"], (string?)last["role"]));
        Assert.Contains("25", (string?)last["reason"]);
    }

    [Theory]
    [InlineData("""{"decision":"approve","reason":"x"}""", "decision")]
    [InlineData("""{"decision":"confirm"}""", "reason")]
    [InlineData("""[1,2]""", "$")]
    public async Task A_decision_that_is_not_one_is_a_400_naming_the_field(string json, string field)
    {
        var (_, _, id) = await EpisodeWithASexLimitFinding("HW03", "990100", "MW03");
        var problem = await Expect(await fixture.Http.PostAsync($"/api/v1/findings/{id}/decision", Json(json)), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task An_unknown_finding_is_a_404()
    {
        await Expect(await fixture.Http.GetAsync("/api/v1/findings/F0000000000000000000"), HttpStatusCode.NotFound);
        await Expect(await fixture.Http.PostAsync("/api/v1/findings/F0000000000000000000/appeal", Json("""{"reason":"x"}""")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_review_queue_lists_what_awaits_a_reviewer_oldest_first_page_by_page_and_the_search_exports_as_csv()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await EpisodeWithASexLimitFinding("HW05", "990100", $"MW05{i}")).FindingId);
        using var reviewer = fixture.ClientWithKey(WorkflowFixture.ReviewerKey);
        await Expect(await reviewer.PostAsync($"/api/v1/findings/{ids[1]}/decision", Json("""{"decision":"dismiss","reason":"合理用药"}""")), HttpStatusCode.OK);

        var first = await Expect(await reviewer.GetAsync("/api/v1/reviews?fixmedins_code=HW05&page_size=1"), HttpStatusCode.OK);
        var second = await Expect(await reviewer.GetAsync($"/api/v1/reviews?fixmedins_code=HW05&page_size=1&page={Uri.EscapeDataString((string)first["next"]!)}"), HttpStatusCode.OK);
        var dismissed = await Expect(await reviewer.GetAsync("/api/v1/findings?fixmedins_code=HW05&status=dismissed"), HttpStatusCode.OK);
        var elsewhere = await Expect(await reviewer.GetAsync("/api/v1/reviews?admdvs=44"), HttpStatusCode.OK);
        var newest = await Expect(await reviewer.GetAsync("/api/v1/reviews?fixmedins_code=HW05&page_size=1&order=newest"), HttpStatusCode.OK);
        var newestNext = await Expect(await reviewer.GetAsync($"/api/v1/reviews?fixmedins_code=HW05&page_size=1&order=newest&page={Uri.EscapeDataString((string)newest["next"]!)}"), HttpStatusCode.OK);
        var counts = await Expect(await reviewer.GetAsync("/api/v1/findings/counts?fixmedins_code=HW05&status=dismissed"), HttpStatusCode.OK);
        var countsElsewhere = await Expect(await reviewer.GetAsync("/api/v1/findings/counts?admdvs=44"), HttpStatusCode.OK);
        var bad = await Expect(await reviewer.GetAsync("/api/v1/findings?status=closed&from=2026-13-01&page_size=0"), HttpStatusCode.BadRequest);
        using var csv = await reviewer.GetAsync("/api/v1/findings/export?fixmedins_code=HW05");
        var bytes = await csv.Content.ReadAsByteArrayAsync();

        Assert.Equal([ids[0]], first["items"]!.AsArray().Select(i => (string)i!["finding"]!["finding_id"]!));
        Assert.Equal([ids[2]], second["items"]!.AsArray().Select(i => (string)i!["finding"]!["finding_id"]!));
        Assert.Null(second["next"]);
        Assert.Equal([ids[2]], newest["items"]!.AsArray().Select(i => (string)i!["finding"]!["finding_id"]!));
        Assert.Equal([ids[0]], newestNext["items"]!.AsArray().Select(i => (string)i!["finding"]!["finding_id"]!));
        Assert.Null(newestNext["next"]);
        Assert.Equal([ids[1]], dismissed["items"]!.AsArray().Select(i => (string)i!["finding"]!["finding_id"]!));
        Assert.Empty(elsewhere["items"]!.AsArray());
        Assert.Equal([("dismissed", 1), ("pending_review", 2)], counts.Select(c => (c.Key, (int)c.Value!)).OrderBy(c => c.Key));
        Assert.Empty(countsElsewhere);
        Assert.Equal(["from", "page_size", "status"], bad["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("finding_id,rule_id,rule_kind,severity,status,fixmedins_code", rows[0]);
        Assert.Equal(4, rows.Length);
        Assert.Contains(rows, r => r.StartsWith(ids[1], StringComparison.Ordinal) && r.Contains(",dismissed,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_scorecard_counts_each_discharged_episode_once_and_follows_a_decision_at_once()
    {
        var (code, mdtrt, id) = await EpisodeWithASexLimitFinding("HW06", "330106", "MW06");
        var discharge = Json("""{"endtime":"2026-03-04 10:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}""");
        await Expect(await fixture.Http.PostAsync($"/api/v1/episodes/{code}/{mdtrt}/discharge", discharge), HttpStatusCode.OK);
        await Expect(await fixture.Http.PostAsync($"/api/v1/episodes/{code}/{mdtrt}/discharge", Json("""{"endtime":"2026-03-04 10:00:00"}""")), HttpStatusCode.OK);
        var before = await Expect(await fixture.Http.GetAsync($"/api/v1/institutions/{code}/scorecard?from=2026-03&to=2026-03"), HttpStatusCode.OK);
        await Expect(await fixture.Http.PostAsync($"/api/v1/findings/{id}/appeal", Json("""{"reason":"有医嘱"}""")), HttpStatusCode.OK);
        await Expect(await fixture.Http.PostAsync($"/api/v1/findings/{id}/decision", Json("""{"decision":"overturn","reason":"证据充分"}""")), HttpStatusCode.OK);
        var after = await Expect(await fixture.Http.GetAsync($"/api/v1/institutions/{code}/scorecard"), HttpStatusCode.OK);
        var institution = await Expect(await fixture.Http.GetAsync($"/api/v1/institutions/{code}"), HttpStatusCode.OK);
        var badMonth = await Expect(await fixture.Http.GetAsync($"/api/v1/institutions/{code}/scorecard?from=March"), HttpStatusCode.BadRequest);

        var month = before["months"]!.AsArray().Single()!;
        Assert.Equal(("2026-03", 1, 1, 50m, 50m), ((string?)month["period"], (int)month["episodes"]!, (int)month["lines"]!, (decimal)month["amount"]!, (decimal)month["deduction"]!));
        Assert.Equal(1m, (decimal)month["drug_ratio"]!);
        Assert.Equal(3m, (decimal)month["average_stay_days"]!);
        Assert.Equal(50m, (decimal)month["finding_amount_by_status"]!["open"]!);
        Assert.Equal(1, (int)month["findings_by_kind"]!["limit.sex"]!);
        var later = after["months"]!.AsArray().Single()!;
        Assert.Equal(0m, (decimal)later["deduction"]!);
        Assert.Equal(50m, (decimal)later["finding_amount_by_status"]!["overturned"]!);
        Assert.Equal(0m, (decimal)institution["deduction"]!);
        Assert.NotNull(badMonth["errors"]!["from"]);
    }

    [Fact]
    public async Task Every_answered_read_of_an_episodes_personal_data_is_in_the_access_log_for_administrators_only()
    {
        var (code, mdtrt, id) = await EpisodeWithASexLimitFinding("HW01", "990100", "MW07");
        using var hospital = fixture.ClientWithKey(WorkflowFixture.HospitalKey);
        await Expect(await hospital.GetAsync($"/api/v1/episodes/{code}/{mdtrt}"), HttpStatusCode.OK);
        await Expect(await hospital.GetAsync($"/api/v1/findings/{id}"), HttpStatusCode.OK);
        await Expect(await hospital.GetAsync($"/api/v1/episodes/{code}/NOSUCH07"), HttpStatusCode.NotFound);
        var forHospital = await hospital.GetAsync($"/api/v1/admin/access-log?mdtrt_id={mdtrt}");

        JsonArray entries = [];
        for (var wait = 0; wait < 100 && entries.Count < 2; wait++) // the gateway writes its reads every half second
        {
            await Task.Delay(100);
            entries = JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/v1/admin/access-log?fixmedins_code={code}&mdtrt_id={mdtrt}"))!.AsArray();
        }
        var missing = JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/v1/admin/access-log?mdtrt_id=NOSUCH07"))!.AsArray();

        Assert.Equal(HttpStatusCode.Forbidden, forHospital.StatusCode);
        Assert.Equal(["GET finding " + id, "GET episode"], entries.Select(e => (string)e!["action"]!));
        Assert.All(entries, e => Assert.Equal(("HIS of HW01", "hospital", "127.0.0.1"), ((string?)e!["name"], (string?)e["role"], (string?)e["remote"])));
        Assert.Empty(missing);
    }
}
