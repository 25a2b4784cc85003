using System.Net;
using System.Text;

namespace ClaimAudit.Gateway.Tests;

/// <summary>A gateway that lets one bulk request in at a time and queues none.</summary>
public sealed class OneBulkSlotFixture : GatewayFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Gateway:BulkConcurrency"] = "1";
        settings["Gateway:BulkQueueLimit"] = "0";
        return settings;
    }
}

public class LanesTests(OneBulkSlotFixture fixture) : IClassFixture<OneBulkSlotFixture>
{
    /// <summary>A body whose first bytes are sent at once and the rest only when the test says: the request stays in flight meanwhile.</summary>
    private sealed class HeldBody(string first, string rest, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(rest));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static HttpRequestMessage Lines(string mdtrt, HttpContent content, bool bulk)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/H1/{mdtrt}/fee-lines") { Content = content };
        content.Headers.ContentType = new("application/json");
        if (bulk)
            request.Headers.Add(Lanes.Header, Lanes.Bulk);
        return request;
    }

    private const string Line = """{"feedetl_sn":"1","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":1,"pric":20,"det_item_fee_sumamt":20}""";

    [Fact]
    public async Task While_the_bulk_lane_is_full_another_bulk_request_is_turned_away_and_a_real_time_check_goes_through()
    {
        var http = fixture.Http;
        var mdtrt = $"M{Guid.NewGuid():N}"[..16];
        using (var admit = await http.PostAsync("/api/v1/episodes", new StringContent($$"""
            {"fixmedins_code":"H1","mdtrt_id":"{{mdtrt}}","psn_no":"P{{mdtrt}}","gend":"1","brdy":"1980-05-01","insutype":"310","med_type":"21",
             "begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, admit.StatusCode);

        var release = new TaskCompletionSource();
        var held = http.SendAsync(Lines(mdtrt, new HeldBody("""{"feedetail":[""", Line + "]}", release.Task), bulk: true));
        // The held request owns the one slot once its headers are in; wait until a second bulk request is refused.
        HttpStatusCode second;
        var attempts = 0;
        do
        {
            await Task.Delay(50);
            using var refused = await http.SendAsync(Lines(mdtrt, new StringContent("""{"feedetail":[]}"""), bulk: true));
            second = refused.StatusCode;
            if (second == HttpStatusCode.ServiceUnavailable)
                Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        }
        while (second != HttpStatusCode.ServiceUnavailable && ++attempts < 100);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second);

        using (var realTime = await http.SendAsync(Lines(mdtrt, new StringContent("""{"feedetail":[]}"""), bulk: false)))
            Assert.Equal(HttpStatusCode.OK, realTime.StatusCode);

        release.SetResult();
        using var completed = await held;
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        using var after = await http.SendAsync(Lines(mdtrt, new StringContent("""{"feedetail":[]}"""), bulk: true));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
