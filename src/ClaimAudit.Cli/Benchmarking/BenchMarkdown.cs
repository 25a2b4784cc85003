using System.Globalization;
using System.Text;

namespace ClaimAudit.Cli.Benchmarking;

public static class BenchMarkdown
{
    public static string Render(BenchReport report, string command)
    {
        var text = new StringBuilder();
        string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
        text.AppendLine($"Machine: {report.Machine}  ").AppendLine($"Settings: {report.Settings}  ").AppendLine($"Command: `{command}`").AppendLine();

        text.AppendLine("| run | what | lines | seconds | CPU s | lines/s | lines per CPU s |").AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var r in report.Rows)
            text.AppendLine($"| {r.Name} | {r.What} | {r.Lines} | {F(r.Seconds, "0.00")} | {F(r.CpuSeconds, "0.00")} | {F(r.LinesPerSecond)} | {F(r.LinesPerCpuSecond)} |");
        BenchRow? Row(string name) => report.Rows.FirstOrDefault(r => r.Name == name);
        text.AppendLine();
        if (Row("B0") is { } b0 && Row("S-mem") is { } s)
            text.AppendLine($"- S-mem / B0, lines per CPU-second: **{F(s.LinesPerCpuSecond / b0.LinesPerCpuSecond, "0.00")}** (the cost of actors and messaging over the bare engine)");
        if (Row("S-pg") is { } sp1 && Row("B1") is { } b1)
            text.AppendLine($"- S-pg / B1, durable lines/s: **{F(sp1.LinesPerSecond / b1.LinesPerSecond, "0.00")}** (ClaimAudit's log-and-small-state design vs one call and one whole-state write per line)");
        if (Row("S-pg") is { } sp && Row("R") is { } r0)
            text.AppendLine($"- S-pg / R, durable lines/s: **{F(sp.LinesPerSecond / r0.LinesPerSecond, "0.00")}** (auditing and persisting vs PostgreSQL only inserting the same rows)");
        text.AppendLine();

        if (report.Growth.Count > 0)
        {
            text.AppendLine("Growth curve, durable (10-line batches, same batch size for every length):").AppendLine();
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
            text.AppendLine("Memory held by open episodes after a full GC (embedded, everything their episode, person and institution grains keep):").AppendLine();
            text.AppendLine("| lines/episode | open episodes | heap bytes | bytes per episode | bytes per line |").AppendLine("|---:|---:|---:|---:|---:|");
            foreach (var m in memory)
                text.AppendLine($"| {m.LinesPerEpisode} | {m.Episodes} | {m.Bytes} | {F(m.BytesPerEpisode)} | {F(m.BytesPerLine)} |");
            text.AppendLine();
        }

        text.AppendLine("Recall and precision per rule kind against the planted ground truth (S-mem):").AppendLine();
        text.AppendLine("| rule kind | planted | found | correct | recall | precision |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var k in report.Scores)
            text.AppendLine($"| {k.RuleKind} | {k.Planted} | {k.Found} | {k.Correct} | {F(k.Recall, "0.00")} | {F(k.Precision, "0.00")} |");
        return text.ToString();
    }
}
