using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests.National;

/// <summary>2401, 2301 and 2402 in the national shape on the native operations.</summary>
public class ClaimMessagesTests(NationalFixture fixture) : IClassFixture<NationalFixture>
{
    private static string Line(string sn, string mdtrt, string cnt) => $$"""
        {"feedetl_sn":"{{sn}}","mdtrt_id":"{{mdtrt}}","psn_no":"PSN-2301-A","med_type":"21","fee_ocur_time":"2026-03-19 09:00:00",
         "med_list_codg":"{{NationalMessage.WomenOnlyDrug}}","medins_list_codg":"H-1","det_item_fee_sumamt":38.6,"cnt":{{cnt}},"pric":38.6,
         "bilg_dept_codg":"A03","bilg_dr_codg":"D1","hosp_appr_flag":"1"}
        """;

    [Fact]
    public async Task Fee_lines_are_answered_line_by_line_and_the_good_ones_land_beside_bad_ones()
    {
        using var http = fixture.ClientWithKey(NationalFixture.HospitalKey);
        var admitted = NationalMessage.Ok(await NationalMessage.Send(http, "2401", NationalMessage.Envelope("2401", """
            {"mdtrtinfo":{"mdtrt_id":"MA-2301","psn_no":"PSN-2301-A","gend":"1","brdy":"1970-04-02","insutype":"310","begntime":"2026-03-18 08:30:00","med_type":"21","ipt_no":"Z01"},
             "diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """)));
        Assert.Equal("Z01", (string?)admitted["result"]!["ipt_otp_no"]);

        var sent = NationalMessage.Envelope("2301", $$"""{"feedetail":[{{Line("L1", "MA-2301", "1")}},{{Line("L2", "MA-2301", "\"x\"")}},{{Line("L3", "NO-SUCH", "1")}}]}""");
        var first = await NationalMessage.Send(http, "2301", sent);
        var lines = NationalMessage.Results(first);
        Assert.Equal(["1", "0", "0"], lines.Select(l => (string)l["acpt_stas"]!));
        Assert.Contains("input.feedetail[1].cnt", (string?)lines[1]["memo"]);
        Assert.Contains("input.feedetail[2].mdtrt_id", (string?)lines[2]["memo"]);
        Assert.Contains("input.feedetail[1].cnt", (string?)first["warn_msg"]);
        Assert.Equal("limit.sex", (string?)first["output"]!["vola_result"]![0]!["vola_bhvr_type"]);

        var resent = NationalMessage.Results(await NationalMessage.Send(http, "2301", sent));
        Assert.Equal("2", (string?)resent[0]["acpt_stas"]); // already received: counted once

        var discharged = NationalMessage.Ok(await NationalMessage.Send(http, "2402", NationalMessage.Envelope("2402", """
            {"dscginfo":{"mdtrt_id":"MA-2301","psn_no":"PSN-2301-A","insutype":"310","endtime":"2026-03-25 10:00:00","dise_codg":"J18.900","dscg_way":"1"},
             "diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """)));
        Assert.Equal(38.6m, (decimal)discharged["result"]!["medfee_sumamt"]!);
        var episode = JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/v1/episodes/{NationalFixture.Code}/MA-2301"))!;
        Assert.Equal("discharged", (string?)episode["status"]);
        Assert.Equal(1, (int)episode["totals"]!["line_count"]!);
    }

    [Fact]
    public async Task A_message_whose_every_line_is_refused_fails_and_a_discharge_of_an_unknown_episode_names_its_field()
    {
        using var http = fixture.ClientWithKey(NationalFixture.HospitalKey);
        var refused = await NationalMessage.Send(http, "2301", NationalMessage.Envelope("2301", $$"""{"feedetail":[{{Line("L9", "NO-SUCH-2", "1")}}]}"""));
        Assert.Equal(-1, (int)refused["infcode"]!);
        var unknown = await NationalMessage.Send(http, "2402", NationalMessage.Envelope("2402", """{"dscginfo":{"mdtrt_id":"NO-SUCH-3","endtime":"2026-03-25 10:00:00"}}"""));
        Assert.Equal(-1, (int)unknown["infcode"]!);
        Assert.Contains("input.dscginfo.mdtrt_id", (string)unknown["err_msg"]!);
        var badAdmission = await NationalMessage.Send(http, "2401", NationalMessage.Envelope("2401", """
            {"mdtrtinfo":{"psn_no":"P","insutype":"310","begntime":"yesterday","med_type":"21"},"diseinfo":[{"diag_code":"NOT-A-CODE"}]}
            """));
        var message = (string)badAdmission["err_msg"]!;
        Assert.Contains("input.mdtrtinfo.mdtrt_id", message);
        Assert.Contains("input.mdtrtinfo.begntime", message);
        Assert.Contains("input.diseinfo[0].diag_code", message);
    }
}
