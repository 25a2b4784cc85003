using System.Text.Json;
using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;

namespace ClaimAudit.Cli.Auditing;

/// <summary>
/// Feeds NDJSON episode documents through the grains — institution, admission, fee lines in batches, discharge —
/// in file order, or with <c>concurrency</c> episodes in flight (findings do not depend on arrival order), then
/// collects every episode's final findings (cross-episode findings can change until the last episode has
/// arrived). Bad records and bad lines are reported with their line number; the rest goes on.
/// </summary>
public sealed class BatchAuditor(IGrainFactory grains, Icd10Catalogue? diagnoses = null, int batchSize = 200, int concurrency = 1)
{
    public Task<AuditReport> RunAsync(TextReader input, CancellationToken cancellationToken)
    {
        var report = new AuditReport();
        return RunAsync(Documents(input, report), report, cancellationToken);
    }

    /// <summary>NDJSON records as documents with their line numbers; bad records and lines go to the report.</summary>
    private IEnumerable<(EpisodeDocument Document, long Line)> Documents(TextReader input, AuditReport report)
    {
        var lineNumber = 0;
        while (input.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            EpisodeDocument? document;
            IReadOnlyList<FieldError> errors, lineErrors;
            try
            {
                using var json = JsonDocument.Parse(text);
                (document, errors, lineErrors) = EpisodeDocument.Read(json.RootElement, diagnoses);
            }
            catch (JsonException e)
            {
                (document, errors, lineErrors) = (null, [new FieldError("$", $"not valid JSON (byte {e.BytePositionInLine + 1})")], []);
            }
            report.Rejections.AddRange(errors.Concat(lineErrors).Select(e => new RecordRejection(lineNumber, e.Field, e.Reason)));
            report.RejectedLines += lineErrors.Select(e => e.Field[..(e.Field.IndexOf(']') + 1)]).Distinct().Count();
            if (document is null)
                report.RejectedRecords++;
            else
                yield return (document, lineNumber);
        }
    }

    /// <summary>Feeds documents (each with the line it came from) and collects every episode's final findings into <paramref name="report"/>.</summary>
    public async Task<AuditReport> RunAsync(IEnumerable<(EpisodeDocument Document, long Line)> documents, AuditReport report, CancellationToken cancellationToken)
    {
        var episodes = new List<(string Fixmedins, string Mdtrt)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var levels = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var inFlight = new SemaphoreSlim(concurrency);
        var feeding = new List<Task>();
        foreach (var (document, lineNumber) in documents)
        {
            var episode = document.Episode;
            if (document.MedinsLv is { } level && (!levels.TryGetValue(episode.FixmedinsCode, out var known) || known != level))
            {
                await grains.GetGrain<IInstitutionGrain>(episode.FixmedinsCode).Upsert(new InstitutionProfile(episode.FixmedinsCode, null, level, null));
                levels[episode.FixmedinsCode] = level;
            }
            if (seen.Add(episode.Key))
                episodes.Add((episode.FixmedinsCode, episode.MdtrtId));
            report.Episodes++;
            await inFlight.WaitAsync(cancellationToken);
            feeding.Add(FeedAsync(document, lineNumber, report).ContinueWith(t => { inFlight.Release(); t.GetAwaiter().GetResult(); }, TaskScheduler.Default));
        }
        await Task.WhenAll(feeding);

        foreach (var institution in episodes.Select(e => e.Fixmedins).Distinct())
            if (await grains.GetGrain<IInstitutionGrain>(institution).Get() is { } view)
                report.Findings.AddRange(view.Findings);
        foreach (var (fixmedins, mdtrt) in episodes)
            if (await grains.GetEpisode(fixmedins, mdtrt).Get() is { } view)
            {
                report.Findings.AddRange(view.Findings);
                report.Deduction += view.Totals.Deduction;
                report.Amount += view.Totals.Amount;
            }
        return report;
    }

    private Task FeedAsync(EpisodeDocument document, long lineNumber, AuditReport report) => grains.SubmitAsync(document, batchSize, result =>
    {
        lock (report)
        {
            report.AcceptedLines += result.Accepted;
            report.DuplicateLines += result.Duplicates;
            report.RejectedLines += result.Rejected.Count;
            report.Rejections.AddRange(result.Rejected.Select(r => new RecordRejection(lineNumber, r.Field, r.Reason)));
        }
    });
}

public sealed class AuditReport
{
    public int Episodes { get; set; }
    public int AcceptedLines { get; set; }
    public int DuplicateLines { get; set; }
    public int RejectedLines { get; set; }
    public int RejectedRecords { get; set; }
    public decimal Amount { get; set; }
    public decimal Deduction { get; set; }
    public List<Finding> Findings { get; } = [];
    public List<RecordRejection> Rejections { get; } = [];

    /// <summary>Rejections counted but not kept in <see cref="Rejections"/> (a file listing them all was written).</summary>
    public long RejectionsNotKept { get; set; }
}

/// <summary>A refused record or line of a batch file: its line number in the file, the field path and why.</summary>
public sealed record RecordRejection(long Line, string Field, string Reason);
