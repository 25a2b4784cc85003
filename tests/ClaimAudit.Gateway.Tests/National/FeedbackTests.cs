using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests.National;

public class FeedbackTests(NationalFixture fixture) : IClassFixture<NationalFixture>
{
    /// <summary>
    /// A doctor shown a 3101 warning continues with a reason (3103); the order is then charged (2301): the finding's
    /// history holds the justification for reviewers, and the hospital's appeal carries it as evidence.
    /// </summary>
    [Fact]
    public async Task A_continuation_with_its_reason_is_in_the_findings_history_and_carried_into_the_appeal()
    {
        using var http = fixture.ClientWithKey(NationalFixture.HospitalKey);
        NationalMessage.Ok(await NationalMessage.Send(http, "2401", NationalMessage.Envelope("2401", """
            {"mdtrtinfo":{"mdtrt_id":"MF-0001","psn_no":"PSN-3103-A","gend":"1","brdy":"1970-04-02","insutype":"310","begntime":"2026-03-18 08:30:00","med_type":"21"},
             "diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """)));
        var check = NationalMessage.Check("5", "PSN-3103-A", "MF-0001", NationalMessage.Encounter("MF-0001", "2026-03-18 08:30:00", null, "J18.900",
            NationalMessage.Order("RX-F1", NationalMessage.WomenOnlyDrug, 1, 38.6m, "2026-03-20 10:20:00", current: true)));
        var warning = Assert.Single(NationalMessage.Results(await NationalMessage.Send(http, "3101", NationalMessage.Envelope("3101", check))));
        var jrId = (string)warning["jr_id"]!;

        var feedback = await NationalMessage.Send(http, "3103", NationalMessage.Envelope("3103", $$$"""
            {"data":{"warn_type":"1","warns":[{"warn_rslt_id":"{{{jrId}}}","dspo_way":"1","dspo_way_rea":"患者为性别登记错误，实为女性，已提交更正"},
                                            {"warn_rslt_id":"F00000000000000000000","dspo_way":"2"}]}}
            """));
        Assert.Equal(-1, (int)feedback["infcode"]!);
        Assert.Contains("input.data.warns[1].warn_rslt_id", (string)feedback["err_msg"]!);
        Assert.DoesNotContain("warns[0]", (string)feedback["err_msg"]!);
        Assert.Equal(["recorded", "unknown"], feedback["output"]!["result"]!.AsArray().Select(r => (string)r!["rslt"]!));

        // The order is charged for good: the same finding, with the doctor's reason in its history.
        var charged = NationalMessage.Ok(await NationalMessage.Send(http, "2301", NationalMessage.Envelope("2301", $$"""
            {"feedetail":[{"feedetl_sn":"RX-F1","mdtrt_id":"MF-0001","psn_no":"PSN-3103-A","fee_ocur_time":"2026-03-20 10:20:00",
              "med_list_codg":"{{NationalMessage.WomenOnlyDrug}}","med_chrgitm_type":"11","cnt":1,"pric":38.6}]}
            """)));
        Assert.Equal(jrId, (string?)charged["vola_result"]![0]!["jr_id"]);
        var detail = JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/v1/findings/{jrId}"))!;
        var justification = Assert.Single(detail["history"]!.AsArray())!;
        Assert.Equal("hospital", (string?)justification["role"]);
        Assert.Contains("李医生", (string?)justification["actor"]);
        Assert.Contains("患者为性别登记错误", (string?)justification["reason"]);
        Assert.Equal("open", (string?)justification["to"]);

        using var appeal = await http.PostAsync($"/api/v1/findings/{jrId}/appeal",
            new StringContent("""{"reason":"性别登记错误","evidence":["attachment:id-card-01"]}""", System.Text.Encoding.UTF8, "application/json"));
        var appealed = JsonNode.Parse(await appeal.Content.ReadAsStringAsync())!;
        var evidence = appealed["history"]!.AsArray()[^1]!["evidence"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains("attachment:id-card-01", evidence);
        Assert.Contains(evidence, e => e.Contains("患者为性别登记错误", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Continuing_without_a_reason_is_refused_by_index_and_nothing_is_recorded()
    {
        using var http = fixture.ClientWithKey(NationalFixture.HospitalKey);
        var answer = await NationalMessage.Send(http, "3103", NationalMessage.Envelope("3103", """
            {"data":{"warn_type":"3","warns":[{"warn_rslt_id":"F1","dspo_way":"1"},{"warn_rslt_id":"F2","dspo_way":"7"}]}}
            """));
        Assert.Equal(-1, (int)answer["infcode"]!);
        var message = (string)answer["err_msg"]!;
        Assert.Contains("input.data.warn_type", message);
        Assert.Contains("input.data.warns[0].dspo_way_rea", message);
        Assert.Contains("input.data.warns[1].dspo_way", message);
    }
}
