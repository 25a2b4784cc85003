using System.Globalization;
using System.Text;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>The benchmark report as one markdown document: the runs, the ratios, the edge, the curves, the scores.</summary>
public static class BenchMarkdown
{
    public static string Render(BenchReport report, string command)
    {
        var text = new StringBuilder();
        string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
        string O(double? value) => value is { } v ? F(v, "0.0") : "–";
        text.AppendLine($"Machine: {report.Machine}  ").AppendLine($"Settings: {report.Settings}  ").AppendLine($"Command: `{command}`  ");
        if (report.Workload is { } w)
            text.AppendLine($"Workload: {w.Shape} shape, {w.Persons} persons, {w.Episodes} episodes ({w.Stays} inpatient stays: lines p50 {w.StayLinesP50}, p99 {w.StayLinesP99}, max {w.StayLinesMax}), {w.Lines} fee lines, {w.Institutions} institutions");
        text.AppendLine();

        text.AppendLine("| run | what | lines | seconds | lines/s | CPU s silo (or in-process) | gateway | PostgreSQL | load generator | lines per silo CPU s |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in report.Rows)
            text.AppendLine($"| {r.Name} | {r.What} | {r.Lines} | {F(r.Seconds, "0.0")} | {F(r.LinesPerSecond)} | {F(r.Cpu.Silo, "0.0")} | {O(r.Cpu.Gateway)} | {O(r.Cpu.Postgres)} | {O(r.Cpu.Loadgen)} | {F(r.LinesPerCpuSecond)} |");
        BenchRow? Row(string name) => report.Rows.FirstOrDefault(r => r.Name == name);
        text.AppendLine();
        if (report.EngineAllocatedBytesPerLine is { } allocated)
            text.AppendLine($"- B0 allocates **{F(allocated)} bytes per line** on its thread (`GC.GetAllocatedBytesForCurrentThread`, the whole province through the engine)");
        if (Row("B0") is { } b0 && Row("S-mem") is { } s)
            text.AppendLine($"- S-mem / B0, lines per silo CPU-second, persistence off: **{F(s.LinesPerCpuSecond / b0.LinesPerCpuSecond, "0.00")}** (what actors, messaging, HTTP parsing in the silo's share and the read model cost over the bare engine)");
        if (Row("S-mem") is { } cold && Row("S-mem warm") is { } warm && Row("B0 warm") is { } b0Warm)
            text.AppendLine($"- S-mem warm / S-mem, lines per silo CPU-second: **{F(warm.LinesPerCpuSecond / cold.LinesPerCpuSecond, "0.00")}** (a silo's first minutes against a silo that has run a while); S-mem warm / B0 warm: **{F(warm.LinesPerCpuSecond / b0Warm.LinesPerCpuSecond, "0.00")}**");
        if (Row("S-pg") is { } sp1 && Row("B1") is { } b1)
            text.AppendLine($"- S-pg / B1, durable lines/s: **{F(sp1.LinesPerSecond / b1.LinesPerSecond, "0.0")}** (log and small state vs one call and one whole-state write per line; B1 on the province's long stays)");
        if (Row("S-pg") is { } sp && Row("R") is { } r0)
            text.AppendLine($"- S-pg / R, durable lines/s: **{F(sp.LinesPerSecond / r0.LinesPerSecond, "0.00")}** (auditing everything and persisting vs PostgreSQL only inserting the same rows)");
        if (Row("S-pg") is { } sp2 && Row("B2") is { } b2)
            text.AppendLine($"- S-pg / B2, cross-episode checks (batches judged against the person's history) per second: **{F(sp2.BatchesPerSecond / b2.BatchesPerSecond, "0.00")}** " +
                            $"({F(sp2.BatchesPerSecond)} vs {F(b2.BatchesPerSecond)}; S judges all 22 kinds on every batch and keeps findings order-independent, B2 answers 6 cross-episode kinds on arrival)");
        if (report.DurableScoresEqual is { } equal)
            text.AppendLine($"- Findings of S-pg equal S-mem's, kind by kind: **{(equal ? "yes" : "NO")}**");
        text.AppendLine();

        if (report.ConventionalScores is { } b2Scores)
        {
            text.AppendLine("What B2's SQL flagged, scored against the same ground truth (the cross-episode kinds it answers; each batch is judged on arrival against what has arrived, with 32 episodes in flight):").AppendLine();
            text.AppendLine("| rule kind | planted | B2 flagged | correct | B2 recall | B2 precision | S recall | S precision |").AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var k in b2Scores)
            {
                var ours = report.Scores.FirstOrDefault(x => x.RuleKind == k.RuleKind);
                text.AppendLine($"| {k.RuleKind} | {k.Planted} | {k.Found} | {k.Correct} | {F(k.Recall, "0.00")} | {F(k.Precision, "0.00")} | {(ours is null ? "" : F(ours.Recall, "0.00"))} | {(ours is null ? "" : F(ours.Precision, "0.00"))} |");
            }
            text.AppendLine();
        }

        if (report.Precheck is { } p)
        {
            text.AppendLine($"3101 事前 checks at the HTTP edge of S-mem's cluster (holding the province): {F(p.Rate)} per second offered open loop for {F(p.Seconds)} s, latency from when each was due; " +
                            $"each a patient's latest stay with {F(p.MeanOrders, "0.0")} orders on average (at most 50) and {F(p.MeanHistoryEncounters, "0.0")} history encounters (at most 20 orders each):").AppendLine();
            text.AppendLine("| measure | value |").AppendLine("|---|---:|");
            text.AppendLine($"| 3101 latency p50 / p99 / p99.9 / max ms ({p.Latency.Count} requests) | {F(p.Latency.P50, "0.0")} / {F(p.Latency.P99, "0.0")} / {F(p.Latency.P999, "0.0")} / {F(p.Latency.Max, "0.0")} |");
            text.AppendLine($"| answered (infcode 0) / failed open past the budget | {p.Answered} / {p.FailedOpen} |");
            text.AppendLine($"| results returned | {p.Findings} |");
            text.AppendLine();
        }

        if (report.Edge is { } e)
        {
            text.AppendLine($"The HTTP edge of the durable cluster under bulk ingest (phases of {F(e.PhaseSeconds)} s, open-loop arrivals, latency from when a request was due):").AppendLine();
            text.AppendLine("| measure | value |").AppendLine("|---|---:|");
            if (e.HalfLoadCheck is { } half)
            {
                text.AppendLine($"| bulk ingest offered open loop at half its alone rate, lines/s: offered / taken | {F(e.HalfLoadBulkOffered)} / {F(e.HalfLoadBulkAchieved)} |");
                text.AppendLine($"| 事中 latency at that half load p50 / p99 / p99.9 / max ms ({half.Count} checks at {F(e.HalfLoadCheckRate)}/s) | {F(half.P50, "0.0")} / {F(half.P99, "0.0")} / {F(half.P999, "0.0")} / {F(half.Max, "0.0")} |");
            }
            text.AppendLine($"| 事中 checks (20-line batches on open stays), most answered per second, closed loop | {F(e.MaxCheckRate)} |");
            text.AppendLine($"| saturation: 事中 checks offered during bulk ingest at its maximum (50 % of the closed-loop rate), per second | {F(e.OfferedCheckRate)} |");
            text.AppendLine($"| 事中 latency p50 / p99 / p99.9 / max ms ({e.Check.Count} checks; bulk in the gateway's bulk lane) | {F(e.Check.P50, "0.0")} / {F(e.Check.P99, "0.0")} / {F(e.Check.P999, "0.0")} / {F(e.Check.Max, "0.0")} |");
            text.AppendLine($"| 事中 latency p50 / p99 / p99.9 / max ms ({e.CheckWithoutLane.Count} checks; bulk not marked, every request alike) | {F(e.CheckWithoutLane.P50, "0.0")} / {F(e.CheckWithoutLane.P99, "0.0")} / {F(e.CheckWithoutLane.P999, "0.0")} / {F(e.CheckWithoutLane.Max, "0.0")} |");
            text.AppendLine($"| bulk ingest alone (bulk lane), lines/s (mean of a phase before and a phase after the others) | {F(e.BulkAloneLinesPerSecond)} |");
            text.AppendLine($"| bulk ingest while the 事中 checks run, lines/s: bulk lane / not marked | {F(e.BulkWithChecksLinesPerSecond)} / {F(e.BulkWithChecksWithoutLaneLinesPerSecond)} |");
            text.AppendLine($"| queries offered during bulk ingest, per second (half episode status, half institution scorecard) | {F(e.QueryRate)} |");
            text.AppendLine($"| episode status p50 / p99 ms ({e.EpisodeQuery.Count}) | {F(e.EpisodeQuery.P50, "0.0")} / {F(e.EpisodeQuery.P99, "0.0")} |");
            text.AppendLine($"| institution scorecard p50 / p99 ms ({e.InstitutionQuery.Count}) | {F(e.InstitutionQuery.P50, "0.0")} / {F(e.InstitutionQuery.P99, "0.0")} |");
            text.AppendLine($"| bulk ingest while queried, lines/s (drop vs alone) | {F(e.BulkWithQueriesLinesPerSecond)} ({F(e.IngestDrop * 100, "0.0")} %) |");
            text.AppendLine($"| open 500-line stays evicted (episode activations before → after collection) | {e.Evicted} ({e.ActivationsBefore} → {e.ActivationsAfter}) |");
            if (e.FirstReactivation is { } first)
                text.AppendLine($"| the silo's first reactivations ({first.Count} stays, code compiled on the way) p50 / p99 ms, per second | {F(first.P50, "0.0")} / {F(first.P99, "0.0")}, {F(e.FirstReactivationsPerSecond, "0.0")} |");
            text.AppendLine($"| reactivation on a stay's first read, once the silo has reactivated others, p50 / p99 ms | {F(e.Reactivation.P50, "0.0")} / {F(e.Reactivation.P99, "0.0")} |");
            text.AppendLine($"| reactivations per second (4 readers) | {F(e.ReactivationsPerSecond, "0.0")} |");
            text.AppendLine($"| reactivated episodes whose line count differed | {e.ReactivationMismatches} |");
            text.AppendLine();
        }

        if (report.Growth.Count > 0)
        {
            text.AppendLine("Growth curve, durable (in-process client; 10-line batches and the same episodes in flight at every length):").AppendLine();
            text.AppendLine("| lines/episode | episodes | lines | lines/s | batch p50 ms | batch p99 ms | vs 10 |").AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var g in report.Growth)
                text.AppendLine($"| {g.LinesPerEpisode} | {g.Episodes} | {g.Lines} | {F(g.LinesPerSecond)} | {F(g.P50Ms, "0.0")} | {F(g.P99Ms, "0.0")} | {F(g.LinesPerSecond / report.Growth[0].LinesPerSecond, "0.00")} |");
            text.AppendLine();
        }

        if (report.StraightforwardGrowth is { Count: > 0 } baseline)
        {
            text.AppendLine("The same episodes through B1 (one call per line, whole state written every time):").AppendLine();
            text.AppendLine("| lines/episode | episodes | lines | lines/s | call p50 ms | call p99 ms | vs 10 | S at this length / B1 |").AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var g in baseline)
            {
                var ours = report.Growth.FirstOrDefault(x => x.LinesPerEpisode == g.LinesPerEpisode);
                text.AppendLine($"| {g.LinesPerEpisode} | {g.Episodes} | {g.Lines} | {F(g.LinesPerSecond)} | {F(g.P50Ms, "0.0")} | {F(g.P99Ms, "0.0")} | {F(g.LinesPerSecond / baseline[0].LinesPerSecond, "0.00")} | {(ours is null ? "" : F(ours.LinesPerSecond / g.LinesPerSecond, "0.0"))} |");
            }
            text.AppendLine();
        }

        if (report.Memory is { Count: > 0 } memory)
        {
            text.AppendLine("Memory held by open episodes after a full GC (a silo in the bench process: everything their episode, person and institution grains keep):").AppendLine();
            text.AppendLine("| silo | lines/episode | open episodes | heap bytes | bytes per episode | bytes per line |").AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var m in memory)
                text.AppendLine($"| {m.Silo} | {m.LinesPerEpisode} | {m.Episodes} | {m.Bytes} | {F(m.BytesPerEpisode)} | {F(m.BytesPerLine)} |");
            text.AppendLine();
        }

        text.AppendLine("Recall and precision per rule kind against the planted ground truth (S-mem, over HTTP):").AppendLine();
        text.AppendLine("| rule kind | planted | found | correct | recall | precision |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var k in report.Scores)
            text.AppendLine($"| {k.RuleKind} | {k.Planted} | {k.Found} | {k.Correct} | {F(k.Recall, "0.00")} | {F(k.Precision, "0.00")} |");
        return text.ToString();
    }
}
