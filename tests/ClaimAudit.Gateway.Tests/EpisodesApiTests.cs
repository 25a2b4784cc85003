using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public class EpisodesApiTests(GatewayFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    private const string FemaleOnlyDrug = "ZD03AAA0043010100166"; // 艾附暖宫丸: NHSA batch 1 limits it to women

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..16];

    private async Task<JsonObject> Send(HttpMethod method, string path, string json, HttpStatusCode expected)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private Task<JsonObject> Admit(string mdtrt, string gend = "1", string fixmedins = "H1") => Send(HttpMethod.Post, "/api/v1/episodes", $$"""
        {"fixmedins_code":"{{fixmedins}}","mdtrt_id":"{{mdtrt}}","psn_no":"{{Unique("P")}}","gend":"{{gend}}","brdy":"1980-05-01",
         "insutype":"310","med_type":"21","begntime":"2026-03-01 08:00:00",
         "diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900","diag_name":"肺炎"}]}
        """, HttpStatusCode.Created);

    private static string DrugLine(string sn, decimal cnt = 2, decimal pric = 12.5m) =>
        $$"""{"feedetl_sn":"{{sn}}","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"{{FemaleOnlyDrug}}","med_chrgitm_type":"11","cnt":{{cnt}},"pric":{{pric}},"det_item_fee_sumamt":{{cnt * pric}}}""";

    [Fact]
    public async Task A_man_billed_a_drug_limited_to_women_gets_a_sex_limit_finding_naming_the_line_and_amount()
    {
        var mdtrt = Unique("M");
        await Admit(mdtrt, gend: "1");

        var answer = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{DrugLine("L7")}}]}""", HttpStatusCode.OK);

        var finding = Assert.Single(answer["findings"]!.AsArray())!;
        Assert.Equal("limit.sex", (string?)finding["rule_kind"]);
        Assert.Equal("L7", (string?)finding["feedetl_sns"]![0]);
        Assert.Equal(25m, (decimal)finding["amount"]!);
        Assert.Equal("violation", (string?)finding["severity"]);
        Assert.Equal("open", (string?)finding["status"]);
        foreach (var field in new[] { "finding_id", "rule_id", "fixmedins_code", "mdtrt_id", "psn_no", "related_sns", "message", "basis" })
            Assert.NotNull(finding[field]);
    }

    [Fact]
    public async Task A_woman_billed_the_same_drug_gets_no_finding()
    {
        var mdtrt = Unique("M");
        await Admit(mdtrt, gend: "2");

        var answer = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{DrugLine("L7")}}]}""", HttpStatusCode.OK);

        Assert.Empty(answer["findings"]!.AsArray());
    }

    [Fact]
    public async Task Re_sending_a_batch_returns_the_same_finding_ids_and_leaves_totals_unchanged()
    {
        var mdtrt = Unique("M");
        await Admit(mdtrt);
        var batch = $$"""{"feedetail":[{{DrugLine("1")}},{{DrugLine("2", 1, 30)}}]}""";

        var first = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", batch, HttpStatusCode.OK);
        var totals = (await _http.GetFromJsonAsync<JsonObject>($"/api/v1/episodes/H1/{mdtrt}"))!["totals"]!.ToJsonString();
        var again = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", batch, HttpStatusCode.OK);

        Assert.Equal(2, (int)first["accepted"]!);
        Assert.Equal((0, 2), ((int)again["accepted"]!, (int)again["duplicates"]!));
        Assert.Equal(Ids(first), Ids(again));
        Assert.Equal(totals, (await _http.GetFromJsonAsync<JsonObject>($"/api/v1/episodes/H1/{mdtrt}"))!["totals"]!.ToJsonString());

        static string[] Ids(JsonObject answer) => answer["findings"]!.AsArray().Select(f => (string)f!["finding_id"]!).Order().ToArray();
    }

    [Fact]
    public async Task A_malformed_admission_answers_400_naming_each_bad_field()
    {
        var problem = await Send(HttpMethod.Post, "/api/v1/episodes", """
            {"fixmedins_code":"H1","mdtrt_id":"M","gend":"1","brdy":"1980-02-30","insutype":"310","med_type":"21",
             "begntime":"2026/03/01","diseinfo":[{"maindiag_flag":"yes"}]}
            """, HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal(
            new[] { "begntime", "brdy", "diseinfo[0].diag_code", "diseinfo[0].maindiag_flag", "psn_no" },
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_400_with_a_problem()
    {
        var problem = await Send(HttpMethod.Post, "/api/v1/episodes", "{\"fixmedins_code\": ", HttpStatusCode.BadRequest);

        Assert.Contains("not valid JSON", (string?)problem["errors"]!["$"]![0]);
    }

    [Fact]
    public async Task A_batch_with_one_bad_line_accepts_the_others_and_reports_the_bad_one_by_index()
    {
        var mdtrt = Unique("M");
        await Admit(mdtrt, gend: "2");
        var bad = """{"feedetl_sn":"B","fee_ocur_time":"2026-03-02","med_list_codg":"X","med_chrgitm_type":"09","cnt":"many","pric":1}""";

        var answer = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{DrugLine("1")}},{{bad}},{{DrugLine("3")}}]}""", HttpStatusCode.OK);

        Assert.Equal(2, (int)answer["accepted"]!);
        var rejection = Assert.Single(answer["rejected"]!.AsArray())!;
        Assert.Equal(1, (int)rejection["index"]!);
        Assert.Equal("feedetail[1].cnt", (string?)rejection["field"]);
        Assert.Equal(2, (int)(await _http.GetFromJsonAsync<JsonObject>($"/api/v1/episodes/H1/{mdtrt}"))!["totals"]!["line_count"]!);
    }

    [Fact]
    public async Task A_resent_serial_number_with_changed_content_is_rejected_by_index()
    {
        var mdtrt = Unique("M");
        await Admit(mdtrt, gend: "2");
        await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{DrugLine("1")}}]}""", HttpStatusCode.OK);

        var answer = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{DrugLine("2")}},{{DrugLine("1", 9)}}]}""", HttpStatusCode.OK);

        var rejection = Assert.Single(answer["rejected"]!.AsArray())!;
        Assert.Equal((1, "feedetail[1].feedetl_sn"), ((int)rejection["index"]!, (string)rejection["field"]!));
    }

    [Fact]
    public async Task A_batch_without_feedetail_or_over_the_size_limit_answers_400()
    {
        var mdtrt = Unique("M");
        await Admit(mdtrt);
        var tooMany = string.Join(",", Enumerable.Range(0, 51).Select(i => DrugLine($"{i}")));

        var missing = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", """{"lines":[]}""", HttpStatusCode.BadRequest);
        var large = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{tooMany}}]}""", HttpStatusCode.BadRequest);

        Assert.NotNull(missing["errors"]!["feedetail"]);
        Assert.Contains("at most 50", (string?)large["errors"]!["feedetail"]![0]);
    }

    [Fact]
    public async Task Fee_lines_for_an_unknown_episode_answer_404() =>
        await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{Unique("M")}/fee-lines", $$"""{"feedetail":[{{DrugLine("1")}}]}""", HttpStatusCode.NotFound);

    [Fact]
    public async Task Discharge_answers_the_final_findings_including_bed_days()
    {
        var mdtrt = Unique("M");
        await Admit(mdtrt, gend: "2");
        var beds = string.Join(",", Enumerable.Range(1, 3).Select(d =>
            $$"""{"feedetl_sn":"B{{d}}","fee_ocur_time":"2026-03-0{{d}} 23:00:00","med_list_codg":"001109000010000","med_chrgitm_type":"01","cnt":1,"pric":50}"""));
        await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{beds}}]}""", HttpStatusCode.OK);

        var final = await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/discharge",
            """{"endtime":"2026-03-03 10:00:00","dscg_way":"1","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}""", HttpStatusCode.OK);

        Assert.Equal("discharged", (string?)final["status"]);
        var finding = Assert.Single(final["findings"]!.AsArray())!;
        Assert.Equal(("stay.bed-days", "B3"), ((string)finding["rule_kind"]!, (string)finding["feedetl_sns"]![0]!));
        Assert.Equal(50m, (decimal)final["totals"]!["deduction"]!);
    }

    [Fact]
    public async Task A_discharge_without_endtime_answers_400() =>
        await Send(HttpMethod.Post, $"/api/v1/episodes/H1/{Unique("M")}/discharge", """{"dscg_way":"1"}""", HttpStatusCode.BadRequest);
}
