using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests;

/// <summary>Counters are process-wide, so these tests run alone, after every other collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CountedCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "counted";
}

[Collection(CountedCollection.Name)]
public class FeeLineCountingTests(GatewayFixture fixture)
{
    private static string Line(string sn, decimal cnt = 1) =>
        $$"""{"feedetl_sn":"{{sn}}","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":{{cnt}},"pric":20}""";

    private async Task<JsonObject> Post(string path, string json)
    {
        using var response = await fixture.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task Each_line_of_a_batch_is_counted_once_by_its_outcome_and_refused_by_its_index_in_the_batch_sent()
    {
        var mdtrt = $"C{Guid.NewGuid():N}"[..16];
        await Post("/api/v1/episodes", $$"""
            {"fixmedins_code":"H1","mdtrt_id":"{{mdtrt}}","psn_no":"P{{mdtrt}}","gend":"1","brdy":"1980-05-01","insutype":"310","med_type":"21",
             "begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """);
        await Post($"/api/v1/episodes/H1/{mdtrt}/fee-lines", $$"""{"feedetail":[{{Line("1")}}]}""");
        using var counted = new RecordedMeasurements<long>("claimaudit.fee_lines", "outcome");

        // A new line, a line the gateway refuses, a re-send of line 1 with other content, and a plain re-send of line 1.
        var answer = await Post($"/api/v1/episodes/H1/{mdtrt}/fee-lines",
            $$"""{"feedetail":[{{Line("2")}},{"feedetl_sn":"3","cnt":"many"},{{Line("1", 2)}},{{Line("1")}}]}""");

        var sums = counted.Sums();
        Assert.Equal((1, 1), ((int)answer["accepted"]!, (int)answer["duplicates"]!));
        Assert.Equal([1, 2], answer["rejected"]!.AsArray().Select(r => (int)r!["index"]!).Distinct());
        Assert.Equal("feedetail[2].feedetl_sn", (string)answer["rejected"]!.AsArray().Single(r => (int)r!["index"]! == 2)!["field"]!);
        Assert.Equal(new Dictionary<string, double> { ["accepted"] = 1, ["duplicate"] = 1, ["rejected"] = 2 }, sums);
    }
}
