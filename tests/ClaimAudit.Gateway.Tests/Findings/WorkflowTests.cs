using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Testing;

namespace ClaimAudit.Gateway.Tests.Findings;

/// <summary>
/// The shipped rules plus one region (990100) where the sex limit is <c>suspicious</c>: its findings have an amount,
/// so confirming one changes the deduction (every suspicious kind of the national set has amount 0 by definition).
/// </summary>
public sealed class WorkflowFixture : GatewayFixture
{
    public const string HospitalKey = "hospital-hw01-key-0000";
    public const string ReviewerKey = "reviewer-99-key-000000";
    private readonly string _rules = Path.Combine(Path.GetTempPath(), $"claimaudit-rules-{Guid.NewGuid():N}");

    public WorkflowFixture()
    {
        CopyDirectory(Path.Combine(BuiltHost.RepositoryRoot, "rules"), _rules);
        File.WriteAllText(Path.Combine(_rules, "regions", "990100.yaml"), """
            admdvs: "990100"
            version: "test+990100.1"
            name: 测试地区（限定性别为可疑）
            rules:
              - id: NHSA-XB-01
                severity: suspicious
            """);
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["ClaimAudit:RulesPath"] = _rules;
        settings["Security:ApiKeys:1:Key"] = HospitalKey;
        settings["Security:ApiKeys:1:Role"] = "hospital";
        settings["Security:ApiKeys:1:FixmedinsCode"] = "HW01";
        settings["Security:ApiKeys:1:Name"] = "HIS of HW01";
        settings["Security:ApiKeys:2:Key"] = ReviewerKey;
        settings["Security:ApiKeys:2:Role"] = "reviewer";
        settings["Security:ApiKeys:2:Admdvs"] = "99";
        settings["Security:ApiKeys:2:Name"] = "王审核";
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_rules, recursive: true);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
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
        // The same batch sent again changes nothing: the decision stands.
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
}
