using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Imports;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Cli.Commands;

/// <summary>
/// <c>claimaudit import --platform DIR --url URL --api-key KEY [--resume]</c>: a bureau's platform extract into a
/// running cluster through the bulk lane, episode by episode (admission, fee lines in batches, discharge). A checkpoint
/// file records how many episodes (in the extract's <c>mdtrt_id</c> order) the cluster acknowledged; <c>--resume</c>
/// skips them, and what was in flight is sent again, counted once by <c>feedetl_sn</c>.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var platform = new Option<DirectoryInfo>("--platform") { Description = "Folder with MDTRT_D.csv, FEE_LIST_D.csv, SETL_LIST_DIAG_D.csv (names in any case)", Required = true };
        var url = GatewayUrl.Option();
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "A bureau or admin key (default: the CLAIMAUDIT_API_KEY environment variable)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CLAIMAUDIT_API_KEY"),
        };
        var resume = new Option<bool>("--resume") { Description = "Continue after the last episode the cluster acknowledged (the checkpoint file)" };
        var output = new Option<FileInfo?>("--out") { Description = "Write every finding of the imported episodes as NDJSON; errors.csv and the checkpoint go beside it" };
        var encoding = new Option<string?>("--encoding") { Description = "utf-8, gbk or gb18030 (default: detected per file)" };
        var batch = new Option<int>("--batch-size") { Description = "Fee lines per request", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Episodes in flight", DefaultValueFactory = _ => 8 };
        var command = new Command("import", "Import a platform extract into a running cluster through the bulk lane; restartable with --resume")
        {
            platform, url, apiKey, resume, output, encoding, batch, concurrency,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(new ImportSettings(parse.GetValue(platform)!, parse.GetValue(url)!, parse.GetValue(apiKey),
            parse.GetValue(resume), parse.GetValue(output), parse.GetValue(encoding), Math.Max(1, parse.GetValue(batch)), Math.Max(1, parse.GetValue(concurrency))), cancellationToken));
        return command;
    }

    public sealed record ImportSettings(DirectoryInfo Platform, Uri Url, string? ApiKey, bool Resume, FileInfo? Output, string? Encoding, int BatchSize, int Concurrency)
    {
        public string Folder => Output?.DirectoryName ?? Directory.GetCurrentDirectory();

        public string CheckpointPath => Path.Combine(Folder, "claimaudit-import.checkpoint.json");
    }

    /// <summary>What a restarted import needs: which files, and how many episodes of them the cluster acknowledged.</summary>
    private sealed record Checkpoint(string Fingerprint, long EpisodesDone, string? LastMdtrtId, long LinesAccepted);

    public static async Task<int> RunAsync(ImportSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            await Console.Error.WriteLineAsync("import: a bureau or admin key is needed: --api-key KEY or CLAIMAUDIT_API_KEY");
            return 2;
        }
        using var source = PlatformSource.Open(settings.Platform, settings.Encoding, Path.Combine(settings.Folder, "errors.csv"), null, out var problem);
        if (source is null)
        {
            await Console.Error.WriteLineAsync($"import: {problem}");
            return 2;
        }
        var fingerprint = Fingerprint(settings.Platform);
        var checkpoint = new Checkpoint(fingerprint, 0, null, 0);
        if (settings.Resume && File.Exists(settings.CheckpointPath))
        {
            var kept = JsonSerializer.Deserialize<Checkpoint>(await File.ReadAllTextAsync(settings.CheckpointPath, cancellationToken), NationalJson.Options)!;
            if (kept.Fingerprint != fingerprint)
            {
                await Console.Error.WriteLineAsync($"import: the files in {settings.Platform.FullName} changed since the checkpoint was written; start again without --resume");
                return 2;
            }
            checkpoint = kept;
        }

        using var http = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", settings.ApiKey);
        http.DefaultRequestHeaders.Add("X-ClaimAudit-Lane", "bulk");
        var report = new AuditReport();
        var importer = new Importer(http, settings, report, checkpoint);
        try
        {
            await PlatformSource.WithProgressAsync("import", progress => importer.RunAsync(source, progress, cancellationToken));
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"import: the cluster at {settings.Url} did not answer ({e.Message}); {importer.Done} episodes acknowledged — run again with --resume");
            return 1;
        }
        catch (ImportRefusedException e)
        {
            await Console.Error.WriteLineAsync($"import: {e.Message}");
            return 1;
        }
        if (settings.Output is not null)
            await AuditCommand.WriteFindingsAsync(settings.Output, report.Findings, cancellationToken);
        AuditCommand.PrintSummary(report, report.Findings.Select(f => f.RuleKind).Distinct(), "of the cluster", settings.Output);
        Spectre.Console.AnsiConsole.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, $"imported in {importer.Elapsed.TotalSeconds:0.0} s ({importer.LinesPerSecond:N0} lines/s) · {source.Errors} refused record(s) listed in {source.ErrorsPath} · {source.Extract.RowsSkipped} row(s) skipped (vali_flag 0)");
        return 0;
    }

    /// <summary>The files' sizes and times: a resume over other files would skip the wrong episodes.</summary>
    private static string Fingerprint(DirectoryInfo directory) => string.Join(";", directory.EnumerateFiles("*.csv")
        .OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(f => $"{f.Name.ToUpperInvariant()}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));

    private sealed class ImportRefusedException(string message) : Exception(message);

    private sealed class Importer(HttpClient http, ImportSettings settings, AuditReport report, Checkpoint start)
    {
        private readonly Stopwatch _clock = new();
        private readonly SortedDictionary<long, string> _finished = [];
        private readonly HashSet<string> _institutions = new(StringComparer.Ordinal);
        private readonly List<(string Fixmedins, string Mdtrt)> _episodes = [];
        private long _done;
        private long _lines;
        private long _linesThisRun;
        private string? _last;
        private DateTime _savedAt;

        public long Done => Interlocked.Read(ref _done);

        public TimeSpan Elapsed => _clock.Elapsed;

        public double LinesPerSecond => _linesThisRun / Math.Max(0.001, _clock.Elapsed.TotalSeconds);

        public async Task<int> RunAsync(PlatformSource source, PlatformSource.IProgressReport progress, CancellationToken cancellationToken)
        {
            (_done, _lines, _last) = (start.EpisodesDone, start.LinesAccepted, start.LastMdtrtId);
            _clock.Start();
            long rows = 0, index = 0;
            using var inFlight = new SemaphoreSlim(settings.Concurrency);
            var sending = new List<Task>();
            foreach (var extracted in source.Episodes(report, r => rows = r))
            {
                var episode = extracted.Document.Episode;
                _episodes.Add((episode.FixmedinsCode, episode.MdtrtId));
                report.Episodes++;
                var position = index++;
                if (position < start.EpisodesDone)
                    continue; // acknowledged by an earlier run
                await inFlight.WaitAsync(cancellationToken);
                sending.Add(SendAsync(extracted, position, cancellationToken).ContinueWith(t => { inFlight.Release(); t.GetAwaiter().GetResult(); }, TaskScheduler.Default));
                sending.RemoveAll(t => t.IsCompletedSuccessfully);
                if (sending.FirstOrDefault(t => t.IsFaulted) is { } failed)
                    await failed;
                progress.Report(rows, rows, index, _linesThisRun, LinesPerSecond);
            }
            await Task.WhenAll(sending);
            Save(force: true);
            report.AcceptedLines = (int)_lines;
            await CollectAsync(cancellationToken);
            return 0;
        }

        private async Task SendAsync(ExtractedEpisode extracted, long position, CancellationToken cancellationToken)
        {
            var (document, episode) = (extracted.Document, extracted.Document.Episode);
            var code = Uri.EscapeDataString(episode.FixmedinsCode);
            var path = $"/api/v1/episodes/{code}/{Uri.EscapeDataString(episode.MdtrtId)}";
            if (document.MedinsLv is { } level)
                await RegisterAsync(episode.FixmedinsCode, level, cancellationToken);
            await Expect(await http.PostAsync("/api/v1/episodes", Json(episode with { Endtime = null, DscgWay = null }), cancellationToken), HttpStatusCode.Created, extracted.Line);
            var lines = 0;
            foreach (var chunk in document.Feedetail.Chunk(settings.BatchSize))
            {
                var answer = await Expect(await http.PostAsync($"{path}/fee-lines", Json(new { feedetail = chunk }), cancellationToken), HttpStatusCode.OK, extracted.Line);
                lines += (int)answer["accepted"]!;
                lock (report)
                {
                    report.DuplicateLines += (int)answer["duplicates"]!;
                    foreach (var rejected in answer["rejected"]!.AsArray())
                    {
                        report.RejectedLines++;
                        report.Rejections.Add(new RecordRejection(extracted.Line, (string)rejected!["field"]!, (string)rejected["reason"]!));
                    }
                }
            }
            if (episode.Endtime is { } endtime)
                await Expect(await http.PostAsync($"{path}/discharge", Json(new DischargeInfo(endtime, episode.Diseinfo, episode.DscgWay)), cancellationToken), HttpStatusCode.OK, extracted.Line);
            lock (_finished)
            {
                _finished.Add(position, episode.MdtrtId);
                _lines += lines;
                _linesThisRun += lines;
                // The checkpoint moves over episodes acknowledged without a gap.
                while (_finished.Remove(_done, out var mdtrtId))
                {
                    _last = mdtrtId;
                    _done++;
                }
                Save(force: false);
            }
        }

        /// <summary>An institution's level (hosp_lv of MDTRT_D) for the level and price rules, registered once if the cluster lacks it.</summary>
        private async Task RegisterAsync(string fixmedinsCode, string level, CancellationToken cancellationToken)
        {
            lock (_institutions)
                if (!_institutions.Add(fixmedinsCode))
                    return;
            var path = $"/api/v1/institutions/{Uri.EscapeDataString(fixmedinsCode)}";
            using var known = await http.GetAsync(path, cancellationToken);
            var profile = known.IsSuccessStatusCode ? JsonNode.Parse(await known.Content.ReadAsStringAsync(cancellationToken)) : null;
            if (profile?["profile"]?["hosp_lv"] is not null)
                return;
            using var put = await http.PutAsync(path, Json(new { hosp_lv = level, name = (string?)profile?["profile"]?["name"], admdvs = (string?)profile?["profile"]?["admdvs"] }), cancellationToken);
            if (put.StatusCode == HttpStatusCode.Forbidden)
                await Console.Error.WriteLineAsync($"import: {fixmedinsCode} has no level registered and this key may not register one (admin): its level rules report no data");
        }

        private async Task CollectAsync(CancellationToken cancellationToken)
        {
            using var limit = new SemaphoreSlim(settings.Concurrency);
            await Task.WhenAll(_episodes.Select(async e =>
            {
                await limit.WaitAsync(cancellationToken);
                try
                {
                    using var response = await http.GetAsync($"/api/v1/episodes/{Uri.EscapeDataString(e.Fixmedins)}/{Uri.EscapeDataString(e.Mdtrt)}", cancellationToken);
                    if (!response.IsSuccessStatusCode)
                        return;
                    var view = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                    var findings = view!["findings"].Deserialize<List<Finding>>(NationalJson.Options)!;
                    lock (report)
                    {
                        report.Findings.AddRange(findings);
                        report.Amount += (decimal)view["totals"]!["amount"]!;
                        report.Deduction += (decimal)view["totals"]!["deduction"]!;
                    }
                }
                finally
                {
                    limit.Release();
                }
            }));
        }

        private void Save(bool force)
        {
            if (!force && DateTime.UtcNow - _savedAt < TimeSpan.FromMilliseconds(500))
                return;
            _savedAt = DateTime.UtcNow;
            var temporary = settings.CheckpointPath + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Checkpoint(start.Fingerprint, _done, _last, _lines), NationalJson.Options));
            File.Move(temporary, settings.CheckpointPath, overwrite: true);
        }

        private static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode status, long line)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == status)
                    return JsonNode.Parse(text)!.AsObject();
                if ((int)response.StatusCode is 401 or 403)
                    throw new ImportRefusedException($"the cluster refused the key ({(int)response.StatusCode}): a bureau or admin key with this institution in its scope is needed");
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                    throw new HttpRequestException($"{(int)response.StatusCode} on the episode of MDTRT_D line {line}");
                throw new ImportRefusedException($"MDTRT_D line {line}: {(int)response.StatusCode} {text}");
            }
        }

        private static StringContent Json<T>(T value) => new(JsonSerializer.Serialize(value, NationalJson.Options), Encoding.UTF8, "application/json");
    }
}
