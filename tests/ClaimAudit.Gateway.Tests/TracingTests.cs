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

        Activity[] spans;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            lock (fixture.Spans)
                spans = [.. fixture.Spans];
            if (spans.Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)) && spans.Any(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("episodes")))
                break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);

        var request = spans.Single(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/api/v1/episodes"));
        var grainCalls = spans.Where(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.TraceId == request.TraceId).ToList();
        Assert.Contains(grainCalls, s => s.DisplayName.Contains("EpisodeGrain", StringComparison.OrdinalIgnoreCase) || s.DisplayName.Contains("IEpisodeGrain", StringComparison.OrdinalIgnoreCase));
    }
}
