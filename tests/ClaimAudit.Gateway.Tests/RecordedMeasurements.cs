using System.Diagnostics.Metrics;

namespace ClaimAudit.Gateway.Tests;

/// <summary>One ClaimAudit instrument's measurements while this is alive, summed by the value of one tag.</summary>
public sealed class RecordedMeasurements<T> : IDisposable where T : struct
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _byTag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public RecordedMeasurements(string instrument, string tag)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == "ClaimAudit" && published.Name == instrument)
                listener.EnableMeasurementEvents(published);
        };
        _listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
        {
            foreach (var t in tags)
                if (t.Key == tag && t.Value is string key)
                    lock (_byTag)
                    {
                        _byTag[key] = _byTag.GetValueOrDefault(key) + Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                        _counts[key] = _counts.GetValueOrDefault(key) + 1;
                    }
        });
        _listener.Start();
    }

    /// <summary>The values recorded, summed per tag value.</summary>
    public Dictionary<string, double> Sums()
    {
        lock (_byTag)
            return new(_byTag, StringComparer.Ordinal);
    }

    /// <summary>How many measurements each tag value got.</summary>
    public Dictionary<string, int> Counts()
    {
        lock (_byTag)
            return new(_counts, StringComparer.Ordinal);
    }

    public void Dispose() => _listener.Dispose();
}
