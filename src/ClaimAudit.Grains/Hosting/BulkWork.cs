using System.Diagnostics;
using ClaimAudit.Abstractions;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Grains.Hosting;

/// <summary>
/// Bounds the engine work of bulk-lane calls in this silo to <see cref="ClaimAuditOptions.BulkEngineSlots"/> at once;
/// calls of the real-time lane never wait here. Only the judging is bounded, never a section that awaits storage or
/// another grain, so a slot is held for a batch's CPU time alone and an episode and its person cannot wait on each
/// other for one.
/// </summary>
public sealed class BulkWork(IOptions<ClaimAuditOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Slots(options.Value));

    public static int Slots(ClaimAuditOptions options) => Math.Max(1, options.BulkEngineSlots ?? Environment.ProcessorCount - 1);

    /// <summary>A slot for a bulk-lane call's <paramref name="work"/> (waiting for one in arrival order); at once and holding nothing for any other call.</summary>
    public async ValueTask<Slot> EnterAsync(string work)
    {
        if (!WorkLane.IsBulk)
            return default;
        var started = Stopwatch.GetTimestamp();
        await _slots.WaitAsync();
        ClaimAuditTelemetry.BulkSlotWait.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("work", work));
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    public readonly struct Slot(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
