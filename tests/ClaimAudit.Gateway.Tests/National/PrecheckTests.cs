using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests.National;

/// <summary>The embedded API with the HIS key of hospital HN01 (a 三级甲等 of region 330106).</summary>
public sealed class NationalFixture : GatewayFixture
{
    public const string HospitalKey = "hospital-hn01-key-0000";
    public const string OtherHospitalKey = "hospital-hn02-key-0000";
    public const string Code = "HN01";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        Key(settings, 1, HospitalKey, "hospital", "HIS of HN01", fixmedinsCode: Code);
        Key(settings, 2, OtherHospitalKey, "hospital", "HIS of HN02", fixmedinsCode: "HN02");
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (await Http.PutAsync($"/api/v1/institutions/{Code}", new StringContent("""{"hosp_lv":"02","admdvs":"330106"}""", Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();
    }
}

/// <summary>National messages as a HIS sends them, and their answers read field by field.</summary>
public static class NationalMessage
{
    /// <summary>艾附暖宫丸: NHSA batch 1 limits it to women (限定性别对象 女).</summary>
    public const string WomenOnlyDrug = "ZD03AAA0043010100166";

    public static string Envelope(string infno, string input, string fixmedins = NationalFixture.Code, string msgid = "H0000120261202103000001") => $$"""
        {"infno":"{{infno}}","msgid":"{{msgid}}","mdtrtarea_admvs":"330100","insuplc_admdvs":"330100","recer_sys_code":"HIS","infver":"V1.0",
         "opter_type":"1","opter":"D0042","opter_name":"李医生","inf_time":"2026-03-20 10:30:00","fixmedins_code":"{{fixmedins}}",
         "fixmedins_name":"测试医院","input":{{input}}}
        """;

    public static string Order(string rxId, string code, decimal cnt, decimal pric, string begin, bool current = false, string chrgType = "11") => $$"""
        {"rx_id":"{{rxId}}","rxno":"RX{{rxId}}","grpno":"1","long_drord_flag":"0","hilist_type":"101","chrg_type":"{{chrgType}}","drord_bhvr":"0",
         "hilist_code":"{{code}}","hilist_name":"药品","hilist_lv":"2","hilist_pric":{{pric}},"hosplist_code":"H-{{code}}","cnt":{{cnt}},"pric":{{pric}},
         "sumamt":{{cnt * pric}},"drord_begn_date":"{{begin}}","drord_dept_codg":"A03","drord_dr_codg":"D0042","curr_drord_flag":"{{(current ? "1" : "0")}}"}
        """;

    public static string Encounter(string mdtrtId, string admDate, string? dscgDate, string diagnosis, string orders, string medinsId = NationalFixture.Code) => $$"""
        {"mdtrt_id":"{{mdtrtId}}","medins_id":"{{medinsId}}","medins_name":"测试医院","medins_admdvs":"330106","medins_type":"1","medins_lv":"02",
         "adm_date":"{{admDate}}",{{(dscgDate is null ? "" : $"\"dscg_date\":\"{dscgDate}\",")}}"dscg_main_dise_codg":"{{diagnosis}}",
         "med_mdtrt_type":"2","med_type":"21","insutype":"310","matn_stas":"0",
         "fsi_diagnose_dtos":[{"dise_id":"1","inout_dise_type":"1","maindise_flag":"1","dias_srt_no":"1","dise_codg":"{{diagnosis}}","dise_name":"肺炎"}],
         "fsi_order_dtos":[{{orders}}]}
        """;

    public static string Check(string trigScen, string patnId, string currMdtrtId, string encounters, string gend = "1") => $$$"""
        {"data":{"syscode":"HIS","task_id":"T{{{patnId}}}","trig_scen":"{{{trigScen}}}","patient_dtos":[
          {"patn_id":"{{{patnId}}}","patn_name":"张三","gend":"{{{gend}}}","brdy":"1970-04-02","poolarea":"330100","curr_mdtrt_id":"{{{currMdtrtId}}}",
           "fsi_encounter_dtos":[{{{encounters}}}]}]}}
        """;

    public static async Task<JsonObject> Send(HttpClient http, string infno, string envelope)
    {
        using var response = await http.PostAsync($"/api/v1/national/{infno}", new StringContent(envelope, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static JsonObject Ok(JsonObject answer)
    {
        Assert.True((int)answer["infcode"]! == 0, answer.ToJsonString());
        return answer["output"]!.AsObject();
    }

    public static List<JsonObject> Results(JsonObject answer, string key = "result") => Ok(answer)[key]!.AsArray().Select(r => r!.AsObject()).ToList();
}

public class PrecheckTests(NationalFixture fixture) : IClassFixture<NationalFixture>
{
    private HttpClient Hospital() => fixture.ClientWithKey(NationalFixture.HospitalKey);

    /// <summary>
    /// The order-entry call of must-show 1: a man, an order of 艾附暖宫丸 (women only), and a history stay at the same
    /// institution discharged 10 days before with the same ICD-10 category (J18): a limit.sex result on that order and a
    /// readmission result, and nothing of the patient stored afterwards.
    /// </summary>
    [Fact]
    public async Task An_order_entry_check_finds_the_sex_limit_on_the_order_and_the_readmission_and_stores_nothing()
    {
        using var http = Hospital();
        var history = NationalMessage.Encounter("MH-0001", "2026-03-01 09:00:00", "2026-03-08 10:00:00", "J18.000",
            NationalMessage.Order("RX-H1", "XC01EBB074A001010101445", 1, 12.5m, "2026-03-02 09:00:00"));
        var current = NationalMessage.Encounter("MC-0001", "2026-03-18 08:30:00", null, "J18.900",
            NationalMessage.Order("RX-C1", NationalMessage.WomenOnlyDrug, 2, 38.6m, "2026-03-20 10:20:00", current: true));
        var answer = await NationalMessage.Send(http, "3101", NationalMessage.Envelope("3101", NationalMessage.Check("5", "PSN-3101-A", "MC-0001", $"{history},{current}")));

        Assert.Equal("H0000120261202103000001", (string?)answer["inf_refmsgid"]);
        var results = NationalMessage.Results(answer);
        var sex = Assert.Single(results, r => (string?)r["vola_bhvr_type"] == "limit.sex");
        Assert.Equal("NHSA-XB-01", (string?)sex["rule_id"]);
        Assert.Equal("MC-0001", (string?)sex["mdtrt_id"]);
        Assert.Equal("PSN-3101-A", (string?)sex["patn_id"]);
        Assert.Equal("TPSN-3101-A", (string?)sex["task_id"]);
        Assert.Equal(77.20m, (decimal)sex["vola_amt"]!);
        Assert.Contains("女", (string?)sex["vola_cont"]);
        Assert.False(string.IsNullOrEmpty((string?)sex["rule_name"]));
        Assert.False(string.IsNullOrEmpty((string?)sex["vola_evid"]));
        var atFault = Assert.Single(sex["judge_result_detail_dtos"]!.AsArray(), d => (string?)d!["vola_item_type"] == "1")!;
        Assert.Equal("RX-C1", (string?)atFault["rx_id"]);
        Assert.Equal("MC-0001", (string?)atFault["mdtrt_id"]);
        Assert.Equal(77.20m, (decimal)atFault["vola_amt"]!);

        var readmission = Assert.Single(results, r => (string?)r["vola_bhvr_type"] == "episode.readmission");
        Assert.Equal("MC-0001", (string?)readmission["mdtrt_id"]);
        Assert.Equal("可疑", (string?)readmission["sev_deg"]);
        Assert.Contains("10 天", (string?)readmission["vola_cont"]);
        Assert.Equal(0, results.IndexOf(sex)); // the finding on the current order comes first

        // Nothing stored: neither encounter exists, and asking again answers the same.
        foreach (var mdtrt in new[] { "MH-0001", "MC-0001" })
            Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"/api/v1/episodes/{NationalFixture.Code}/{mdtrt}")).StatusCode);
        var search = JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/v1/findings?fixmedins_code={NationalFixture.Code}"))!;
        Assert.DoesNotContain("PSN-3101-A", search.ToJsonString());
        var again = NationalMessage.Results(await NationalMessage.Send(http, "3101", NationalMessage.Envelope("3101", NationalMessage.Check("5", "PSN-3101-A", "MC-0001", $"{history},{current}"))));
        Assert.Equal(results.Select(r => (string?)r["jr_id"]), again.Select(r => (string?)r["jr_id"]));
    }

    [Fact]
    public async Task A_registration_check_judges_the_history_only_and_a_settlement_check_every_rule()
    {
        using var http = Hospital();
        var history = NationalMessage.Encounter("MH-0002", "2026-03-01 09:00:00", "2026-03-08 10:00:00", "J18.000", "");
        var current = NationalMessage.Encounter("MC-0002", "2026-03-18 08:30:00", null, "J18.900",
            NationalMessage.Order("RX-C2", NationalMessage.WomenOnlyDrug, 1, 38.6m, "2026-03-20 10:20:00", current: true));
        var registration = NationalMessage.Results(await NationalMessage.Send(http, "3101", NationalMessage.Envelope("3101", NationalMessage.Check("3", "PSN-3101-B", "MC-0002", $"{history},{current}"))));
        var settlement = NationalMessage.Results(await NationalMessage.Send(http, "3102", NationalMessage.Envelope("3102", NationalMessage.Check("9", "PSN-3101-B", "MC-0002", $"{history},{current}"))));

        Assert.Equal(["episode.readmission"], registration.Select(r => (string)r["vola_bhvr_type"]!));
        Assert.Contains(settlement, r => (string?)r["vola_bhvr_type"] == "limit.sex");
        Assert.Contains(settlement, r => (string?)r["vola_bhvr_type"] == "episode.readmission");
    }

    [Fact]
    public async Task A_check_merges_what_the_cluster_holds_a_line_known_to_both_counts_once_and_its_jr_id_is_the_stored_finding_id()
    {
        using var http = Hospital();
        // The cluster holds the earlier stay and the current one with one line (sent for good through 2401/2301/2402).
        await Admit(http, "MS-0001", "PSN-3101-C", "2026-03-01 09:00:00", "J18.000");
        NationalMessage.Ok(await NationalMessage.Send(http, "2402", NationalMessage.Envelope("2402",
            """{"dscginfo":{"mdtrt_id":"MS-0001","psn_no":"PSN-3101-C","insutype":"310","endtime":"2026-03-08 10:00:00","dscg_way":"1"},"diseinfo":[]}""")));
        await Admit(http, "MS-0002", "PSN-3101-C", "2026-03-18 08:30:00", "J18.900");
        var stored = NationalMessage.Ok(await NationalMessage.Send(http, "2301", NationalMessage.Envelope("2301", $$"""
            {"feedetail":[{"feedetl_sn":"RX-S1","mdtrt_id":"MS-0002","psn_no":"PSN-3101-C","fee_ocur_time":"2026-03-19 09:00:00",
              "med_list_codg":"{{NationalMessage.WomenOnlyDrug}}","med_chrgitm_type":"11","cnt":1,"pric":38.6,"det_item_fee_sumamt":38.6}]}
            """)));
        var storedSex = stored["vola_result"]!.AsArray().Single(r => (string?)r!["vola_bhvr_type"] == "limit.sex")!;

        // The HIS sends only the current stay, with the stored line again and a new order.
        var current = NationalMessage.Encounter("MS-0002", "2026-03-18 08:30:00", null, "J18.900",
            NationalMessage.Order("RX-S1", NationalMessage.WomenOnlyDrug, 1, 38.6m, "2026-03-19 09:00:00") + "," +
            NationalMessage.Order("RX-S2", NationalMessage.WomenOnlyDrug, 1, 38.6m, "2026-03-20 10:20:00", current: true));
        var results = NationalMessage.Results(await NationalMessage.Send(http, "3102", NationalMessage.Envelope("3102", NationalMessage.Check("9", "PSN-3101-C", "MS-0002", current))));

        var sex = results.Where(r => (string?)r["vola_bhvr_type"] == "limit.sex").ToList();
        Assert.Equal(2, sex.Count); // RX-S1 once (held and sent), RX-S2 once
        Assert.Equal("RX-S2", (string?)sex[0]["judge_result_detail_dtos"]![0]!["rx_id"]); // the current order first
        Assert.Contains(sex, r => (string?)r["jr_id"] == (string?)storedSex["jr_id"]);
        Assert.Contains(results, r => (string?)r["vola_bhvr_type"] == "episode.readmission"); // the earlier stay is the cluster's
        // What was stored is unchanged: one line.
        var episode = JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/v1/episodes/{NationalFixture.Code}/MS-0002"))!;
        Assert.Equal(1, (int)episode["totals"]!["line_count"]!);
    }

    [Fact]
    public async Task Bad_fields_are_answered_in_the_envelope_with_every_path_and_the_msgid_echoed()
    {
        using var http = Hospital();
        var bad = NationalMessage.Encounter("MC-0009", "2026-13-40", null, "J18.900",
            NationalMessage.Order("RX-9", NationalMessage.WomenOnlyDrug, 1, 10, "2026-03-20 10:20:00").Replace("\"cnt\":1", "\"cnt\":\"abc\""));
        var answer = await NationalMessage.Send(http, "3101", NationalMessage.Envelope("3101", NationalMessage.Check("5", "PSN-3101-D", "MC-0009", bad, gend: ""), msgid: "MSG-BAD-1"));

        Assert.Equal(-1, (int)answer["infcode"]!);
        Assert.Equal("MSG-BAD-1", (string?)answer["inf_refmsgid"]);
        var message = (string)answer["err_msg"]!;
        Assert.Contains("input.data.patient_dtos[0].gend", message);
        Assert.Contains("input.data.patient_dtos[0].fsi_encounter_dtos[0].adm_date", message);
        Assert.Contains("input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].cnt", message);

        var mismatch = await NationalMessage.Send(http, "3101", NationalMessage.Envelope("3102", "{}"));
        Assert.Equal(-1, (int)mismatch["infcode"]!);
        Assert.Contains("infno", (string)mismatch["err_msg"]!);
        var noScene = await NationalMessage.Send(http, "3101", NationalMessage.Envelope("3101", """{"data":{"patient_dtos":[]}}"""));
        Assert.Contains("input.data.trig_scen", (string)noScene["err_msg"]!);
        var unserved = await NationalMessage.Send(http, "9999", NationalMessage.Envelope("9999", "{}"));
        Assert.Equal(-1, (int)unserved["infcode"]!);
    }

    [Fact]
    public async Task A_hospital_may_only_send_its_own_institutions_messages()
    {
        using var other = fixture.ClientWithKey(NationalFixture.OtherHospitalKey);
        foreach (var infno in new[] { "3101", "3102", "3103", "2301", "2401", "2402" })
        {
            using var response = await other.PostAsync($"/api/v1/national/{infno}",
                new StringContent(NationalMessage.Envelope(infno, """{"data":{}}"""), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using var anonymous = fixture.ClientWithKey(null);
        using var refused = await anonymous.PostAsync("/api/v1/national/3101", new StringContent(NationalMessage.Envelope("3101", "{}"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task Admit(HttpClient http, string mdtrtId, string psnNo, string begntime, string diagnosis)
    {
        var answer = await NationalMessage.Send(http, "2401", NationalMessage.Envelope("2401", $$"""
            {"mdtrtinfo":{"mdtrt_id":"{{mdtrtId}}","psn_no":"{{psnNo}}","gend":"1","brdy":"1970-04-02","insutype":"310","begntime":"{{begntime}}",
              "mdtrt_cert_type":"02","mdtrt_cert_no":"330100197004020011","med_type":"21","ipt_no":"IPT-{{mdtrtId}}","adm_dept_codg":"A03"},
             "diseinfo":[{"psn_no":"{{psnNo}}","diag_type":"1","maindiag_flag":"1","diag_srt_no":"1","diag_code":"{{diagnosis}}","diag_name":"肺炎"}]}
            """));
        Assert.Equal(mdtrtId, (string?)NationalMessage.Ok(answer)["result"]!["mdtrt_id"]);
    }
}
