using System.Diagnostics;
using System.Net.Http.Json;
using OpenTelemetry.Trace;

namespace ClaimAudit.Gateway.Tests;

/// <summary>The embedded default with the production telemetry setup, and an in-memory span exporter to read what it traced.</summary>
public sealed class TracedGatewayFixture : GatewayFixture
{
    public List<Activity> Spans { get; } = [];

    public override async Task InitializeAsync()
    {
        ConfigureBuilder = builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        };
        await base.InitializeAsync();
    }
}

public class TracingTests(TracedGatewayFixture fixture) : IClassFixture<TracedGatewayFixture>
{
    [Fact]
    public async Task A_request_and_the_grain_calls_it_makes_share_one_trace()
    {
        var mdtrt = $"T{Guid.NewGuid():N}"[..16];

        (await fixture.Http.PostAsJsonAsync("/api/v1/episodes", new
        {
            fixmedins_code = "H1", mdtrt_id = mdtrt, psn_no = $"P{mdtrt}", gend = "1", brdy = "1980-05-01", insutype = "310", med_type = "21",
            begntime = "2026-03-01 08:00:00",
        })).EnsureSuccessStatusCode();
        // Listeners are process-wide, so other tests' requests are traced too: this path is this test's alone.
        var path = $"/api/v1/episodes/H1/{mdtrt}";
        (await fixture.Http.GetAsync(path)).EnsureSuccessStatusCode();
        bool IsThisRequest(Activity s) => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") == path;

        Activity[] spans;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            lock (fixture.Spans)
                spans = [.. fixture.Spans];
            if (spans.FirstOrDefault(IsThisRequest) is { } found && spans.Any(s => s.TraceId == found.TraceId && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)))
                break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);

        var request = spans.Single(IsThisRequest);
        var grainCalls = spans.Where(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.TraceId == request.TraceId).ToList();
        Assert.Contains(grainCalls, s => s.DisplayName.Contains("EpisodeGrain", StringComparison.OrdinalIgnoreCase) || s.DisplayName.Contains("IEpisodeGrain", StringComparison.OrdinalIgnoreCase));
    }
}
