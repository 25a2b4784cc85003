using System.Diagnostics.Metrics;

namespace ClaimAudit.Gateway.Telemetry;

/// <summary>
/// The gateway's own instruments (meter <c>ClaimAudit.Gateway</c>). Labels never carry patient, episode or
/// institution ids: only outcomes.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "ClaimAudit.Gateway";

    private readonly Counter<long> _lines;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _lines = meter.CreateCounter<long>("claimaudit.fee_lines", unit: "{line}", description: "Fee lines received, by outcome (accepted, duplicate, rejected)");
    }

    public void LinesReceived(int accepted, int duplicates, int rejected)
    {
        _lines.Add(accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
        _lines.Add(duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        _lines.Add(rejected, new KeyValuePair<string, object?>("outcome", "rejected"));
    }
}
