using System.Text;
using ClaimAudit.Imports;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;
using Spectre.Console;

namespace ClaimAudit.Cli.Auditing;

/// <summary>
/// A platform extract folder as the audit and import commands read it: the tables found, the encoding forced or
/// detected, every refused record written to <c>errors.csv</c> once (and counted in the report), a progress bar on a
/// terminal (rows read, episodes sent, lines/s, ETA) and nothing when the output is not one.
/// </summary>
public sealed class PlatformSource : IDisposable
{
    private readonly ErrorsFile _errors;
    private (string File, long Line)? _lastRefused;

    /// <summary>The report keeps the first of these for its printout; errors.csv has them all, however many.</summary>
    private const int KeptInReport = 1_000;

    private PlatformSource(PlatformExtract extract, ErrorsFile errors, string errorsPath)
    {
        Extract = extract;
        _errors = errors;
        ErrorsPath = errorsPath;
    }

    public PlatformExtract Extract { get; }

    public string ErrorsPath { get; }

    public long Errors => _errors.Count;

    public static PlatformSource? Open(DirectoryInfo directory, string? encodingName, string errorsPath, Icd10Catalogue? diagnoses, out string? problem)
    {
        var (tables, missing) = ExtractTable.Find(directory);
        problem = missing;
        Encoding? encoding = null;
        if (problem is null && encodingName is not null && (encoding = ExtractTable.Named(encodingName)) is null)
            problem = $"--encoding '{encodingName}': give utf-8, gbk or gb18030";
        if (problem is not null)
            return null;
        return new PlatformSource(new PlatformExtract(tables, encoding, diagnoses), new ErrorsFile(errorsPath), errorsPath);
    }

    /// <summary>The extract's episodes; refused records go to errors.csv and into <paramref name="report"/>.</summary>
    public IEnumerable<ExtractedEpisode> Episodes(AuditReport report, Action<long>? rowsRead = null) => Extract.Read(error =>
    {
        _errors.Write(error);
        if (report.Rejections.Count < KeptInReport)
            report.Rejections.Add(new RecordRejection(error.Line, $"{error.File}:{error.Column}", error.Reason));
        else
            report.RejectionsNotKept++;
        // A record's errors come together: a record is counted once however many of its fields are bad.
        if (_lastRefused != (error.File, error.Line))
        {
            _lastRefused = (error.File, error.Line);
            if (error.File.StartsWith(ExtractTable.FeeLines, StringComparison.OrdinalIgnoreCase))
                report.RejectedLines++;
            else
                report.RejectedRecords++;
        }
    }, rowsRead);

    /// <summary>Runs <paramref name="work"/> under a progress bar when the output is a terminal.</summary>
    public static async Task<T> WithProgressAsync<T>(string title, Func<IProgressReport, Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await work(new QuietProgress());
        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                result = await work(new BarProgress(task));
            });
        return result;
    }

    public void Dispose() => _errors.Dispose();

    public interface IProgressReport
    {
        void Report(long rowsRead, long totalRows, long episodesSent, long linesSent, double linesPerSecond);
    }

    private sealed class QuietProgress : IProgressReport
    {
        public void Report(long rowsRead, long totalRows, long episodesSent, long linesSent, double linesPerSecond) { }
    }

    private sealed class BarProgress(ProgressTask task) : IProgressReport
    {
        public void Report(long rowsRead, long totalRows, long episodesSent, long linesSent, double linesPerSecond)
        {
            task.MaxValue = Math.Max(1, totalRows);
            task.Value = Math.Min(task.MaxValue, episodesSent == 0 ? rowsRead / 2.0 : totalRows / 2.0 + linesSent / 2.0);
            task.Description = $"rows read {rowsRead:N0} · episodes sent {episodesSent:N0} · {linesPerSecond:N0} lines/s";
        }
    }
}
