using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Rules.Contracts;
using Spectre.Console;

namespace ClaimAudit.Cli.Commands;

/// <summary><c>claimaudit audit episodes.ndjson [--out findings.ndjson]</c>: a batch audit on the embedded cluster.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo?>("episodes")
        {
            Description = "NDJSON file, one episode document per line (admission fields, medins_lv, endtime, diseinfo[], feedetail[])",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var platform = new Option<DirectoryInfo?>("--platform") { Description = "Audit a platform extract instead: a folder with MDTRT_D.csv, FEE_LIST_D.csv, SETL_LIST_DIAG_D.csv" };
        var encoding = new Option<string?>("--encoding") { Description = "With --platform: utf-8, gbk or gb18030 (default: detected per file)" };
        var output = new Option<FileInfo?>("--out") { Description = "Write every finding as NDJSON to this file" };
        var rules = new Option<DirectoryInfo?>("--rules") { Description = "The rules/ folder (default: found beside the program or above the current folder)" };
        var command = new Command("audit", "Audit a batch file of episodes through the embedded cluster and summarise the findings per rule kind")
        {
            input, output, rules, platform, encoding,
        };
        command.SetAction((parse, cancellationToken) => parse.GetValue(platform) is { } folder
            ? RunPlatformAsync(folder, parse.GetValue(encoding), parse.GetValue(output), parse.GetValue(rules), cancellationToken)
            : parse.GetValue(input) is { } file
                ? RunAsync(file, parse.GetValue(output), parse.GetValue(rules), cancellationToken)
                : Usage());
        return command;
    }

    private static async Task<int> Usage()
    {
        await Console.Error.WriteLineAsync("audit: give an NDJSON file of episodes, or --platform DIR");
        return 2;
    }

    /// <summary>
    /// <c>claimaudit audit --platform DIR</c>: the extract's episodes through the embedded cluster; refused records in
    /// errors.csv beside the findings (or in the current folder).
    /// </summary>
    public static async Task<int> RunPlatformAsync(DirectoryInfo folder, string? encoding, FileInfo? output, DirectoryInfo? rules, CancellationToken cancellationToken)
    {
        await using var cluster = await EmbeddedCluster.StartAsync(rules?.FullName, cancellationToken);
        var diagnoses = cluster.Rules.Current.Knowledge.Diagnoses;
        var errorsPath = Path.Combine(output?.DirectoryName ?? Directory.GetCurrentDirectory(), "errors.csv");
        using var source = Auditing.PlatformSource.Open(folder, encoding, errorsPath, diagnoses, out var problem);
        if (source is null)
        {
            await Console.Error.WriteLineAsync($"audit: {problem}");
            return 2;
        }
        var report = new AuditReport();
        await Auditing.PlatformSource.WithProgressAsync("audit", async progress =>
        {
            long rows = 0, episodes = 0;
            var documents = source.Episodes(report, r => rows = r).Select(e =>
            {
                progress.Report(rows, rows, ++episodes, 0, 0);
                return (e.Document, e.Line);
            });
            return await new BatchAuditor(cluster.Grains, diagnoses, concurrency: 4).RunAsync(documents, report, cancellationToken);
        });
        if (output is not null)
            await WriteFindingsAsync(output, report.Findings, cancellationToken);
        PrintSummary(report, cluster.Rules.Current.Rules.Select(r => r.Definition.Kind).Distinct(), cluster.Rules.Current.Version, output);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{source.Errors} refused record(s) listed in {source.ErrorsPath} · {source.Extract.RowsSkipped} row(s) skipped (vali_flag 0)");
        return 0;
    }



    public static async Task<int> RunAsync(FileInfo input, FileInfo? output, DirectoryInfo? rules, CancellationToken cancellationToken)
    {
        if (!input.Exists)
        {
            await Console.Error.WriteLineAsync($"audit: {input.FullName} does not exist");
            return 2;
        }
        await using var cluster = await EmbeddedCluster.StartAsync(rules?.FullName, cancellationToken);
        using var reader = input.OpenText();
        var report = await new BatchAuditor(cluster.Grains, cluster.Rules.Current.Knowledge.Diagnoses).RunAsync(reader, cancellationToken);

        if (output is not null)
            await WriteFindingsAsync(output, report.Findings, cancellationToken);
        PrintSummary(report, cluster.Rules.Current.Rules.Select(r => r.Definition.Kind).Distinct(), cluster.Rules.Current.Version, output);
        return 0;
    }

    public static async Task WriteFindingsAsync(FileInfo output, IEnumerable<Finding> findings, CancellationToken cancellationToken)
    {
        output.Directory?.Create();
        await using var writer = output.CreateText();
        foreach (var finding in findings)
            await writer.WriteLineAsync(JsonSerializer.Serialize(finding, NationalJson.Options).AsMemory(), cancellationToken);
    }

    public static void PrintSummary(AuditReport report, IEnumerable<string> kinds, string version, FileInfo? output)
    {
        var console = AnsiConsole.Console;
        var table = new Table().Title($"Findings by rule kind (rule set {version})")
            .AddColumn("rule kind").AddColumn(new TableColumn("findings").RightAligned()).AddColumn(new TableColumn("amount").RightAligned());
        var byKind = report.Findings.GroupBy(f => f.RuleKind).ToDictionary(g => g.Key, g => (Count: g.Count(), Amount: g.Sum(f => f.Amount)));
        foreach (var kind in kinds.Union(byKind.Keys).Order(StringComparer.Ordinal))
        {
            var (count, amount) = byKind.GetValueOrDefault(kind);
            table.AddRow(kind, count.ToString(CultureInfo.InvariantCulture), amount.ToString("0.00", CultureInfo.InvariantCulture));
        }
        table.AddRow("[bold]total[/]", $"[bold]{report.Findings.Count}[/]", $"[bold]{report.Findings.Sum(f => f.Amount):0.00}[/]");
        console.Write(table);
        console.MarkupLine($"episodes {report.Episodes} · lines accepted {report.AcceptedLines} · duplicates {report.DuplicateLines} · " +
                           $"lines rejected {report.RejectedLines} · records rejected {report.RejectedRecords}");
        console.MarkupLine($"billed {report.Amount:0.00} · deduction (reconciled per line) {report.Deduction:0.00}");
        foreach (var rejection in report.Rejections.Take(20))
            console.MarkupLineInterpolated($"[yellow]line {rejection.Line}: {rejection.Field}: {rejection.Reason}[/]");
        if (report.Rejections.Count + report.RejectionsNotKept > 20)
            console.MarkupLine($"[yellow]… and {report.Rejections.Count + report.RejectionsNotKept - 20} more rejections[/]");
        if (output is not null)
            console.MarkupLineInterpolated($"findings written to {output.FullName}");
    }
}
