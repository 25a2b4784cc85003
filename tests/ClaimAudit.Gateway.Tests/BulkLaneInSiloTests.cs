using System.Net;
using System.Text;

namespace ClaimAudit.Gateway.Tests;

/// <summary>The bulk lane does not end at the gateway: a marked request's engine work takes a silo's bulk slot, an unmarked one never does.</summary>
[Collection(CountedCollection.Name)]
public class BulkLaneInSiloTests(GatewayFixture fixture)
{
    private const string Line = """{"feedetl_sn":"SN","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":1,"pric":20,"det_item_fee_sumamt":20}""";

    private async Task Send(string path, string json, bool bulk)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bulk)
            request.Headers.Add(Lanes.Header, Lanes.Bulk);
        using var response = await fixture.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_bulk_lane_batch_and_its_person_update_take_silo_bulk_slots_and_a_real_time_batch_takes_none()
    {
        var mdtrt = $"B{Guid.NewGuid():N}"[..16];
        await Send("/api/v1/episodes", $$"""
            {"fixmedins_code":"H1","mdtrt_id":"{{mdtrt}}","psn_no":"P{{mdtrt}}","gend":"1","brdy":"1980-05-01","insutype":"310","med_type":"21",
             "begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """, bulk: false);
        using var waits = new RecordedMeasurements<double>("claimaudit.bulk.slot_wait", "work");

        await Send($"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{Line.Replace("SN", "1")}}]}""", bulk: false);
        Assert.Empty(waits.Counts());

        await Send($"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{Line.Replace("SN", "2")}}]}""", bulk: true);
        Assert.Equal(new Dictionary<string, int> { ["episode_batch"] = 1, ["person_update"] = 1 }, waits.Counts());
    }
}
