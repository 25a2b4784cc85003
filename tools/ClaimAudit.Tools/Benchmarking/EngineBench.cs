using System.Diagnostics;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>
/// One pass of the engine alone over a province on this thread: time, CPU, what it allocated per line, the
/// runtime's own account of the garbage collector (time the process was paused, full collections), and the heap the
/// engine keeps per line once the province is in — the resident graph those collections walk.
/// </summary>
public sealed record EngineRun(long Lines, double Seconds, double CpuSeconds, double AllocatedBytesPerLine, double GcPauseSeconds = 0, int FullCollections = 0, double ResidentBytesPerLine = 0)
{
    public double GcPauseShare => GcPauseSeconds / Math.Max(Seconds, 1e-6);

    public double LinesPerSecond => Lines / Seconds;

    public double LinesPerCpuSecond => Lines / Math.Max(CpuSeconds, 1e-6);
}

/// <summary>B0 by itself (<c>bench engine</c>): the engine's loop, so engine work can be measured in seconds rather than a full run's minutes.</summary>
public static class EngineBench
{
    public static EngineRun Run(RuleSet rules, IReadOnlyList<EpisodeDocument> documents, int batchSize)
    {
        var lines = documents.Sum(d => (long)d.Feedetail.Count);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var paused = GC.GetTotalPauseDuration();
        var full = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        var loop = new AuditLoop(rules, batchSize);
        foreach (var document in documents)
            loop.Audit(document);
        clock.Stop();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var run = new EngineRun(lines, clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, bytes / (double)Math.Max(1, lines),
            (GC.GetTotalPauseDuration() - paused).TotalSeconds, GC.CollectionCount(2) - full);
        // What the loop keeps: the whole province's episodes and persons, resident as a silo would hold them (after the
        // pass's own time is taken, so the full collection here is not charged to it).
        var resident = GC.GetTotalMemory(forceFullCollection: true) - heap;
        GC.KeepAlive(loop);
        return run with { ResidentBytesPerLine = resident / (double)Math.Max(1, lines) };
    }
}
