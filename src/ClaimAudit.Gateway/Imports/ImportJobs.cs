using System.Collections.Concurrent;
using System.Threading.Channels;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Imports;
using ClaimAudit.Rules.Contracts;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.Imports;

/// <summary>Settings of the <c>Imports</c> configuration section.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Where uploaded extracts and their errors.csv are kept while a job runs and after (default: the system's temporary folder).</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>The largest upload accepted, all three files together.</summary>
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Fee lines per batch sent to an episode.</summary>
    public int BatchLines { get; set; } = 500;

    /// <summary>Finished jobs kept for their status and errors (the oldest are forgotten, files deleted).</summary>
    public int KeptJobs { get; set; } = 100;
}

public enum ImportState { Queued, Running, Completed, Failed }

/// <summary>One import job: who started it, where its files are, and its counters as it runs.</summary>
public sealed class ImportJob(string id, Caller owner, string directory, DateTimeOffset createdAt)
{
    private long _rowsRead, _episodes, _accepted, _duplicates, _errors;

    public string Id { get; } = id;

    public Caller Owner { get; } = owner;

    public string Directory { get; } = directory;

    public string ErrorsPath => Path.Combine(Directory, "errors.csv");

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public ImportState State { get; set; }

    public string? Failure { get; set; }

    public long EpisodeRecords { get; set; }

    public long RowsRead { get => Interlocked.Read(ref _rowsRead); set => Interlocked.Exchange(ref _rowsRead, value); }

    public long EpisodesSent => Interlocked.Read(ref _episodes);

    public long LinesAccepted => Interlocked.Read(ref _accepted);

    public long LinesDuplicate => Interlocked.Read(ref _duplicates);

    public long Errors => Interlocked.Read(ref _errors);

    public void CountEpisode(int accepted, int duplicates)
    {
        Interlocked.Increment(ref _episodes);
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
    }

    public void CountError() => Interlocked.Increment(ref _errors);

    /// <summary>What <c>GET /api/v1/imports/{id}</c> answers: counts only, never a record's content.</summary>
    public ImportStatus Status() => new(Id, NationalJson.Name(State), State is ImportState.Queued ? "queued" : EpisodeRecords == 0 && State == ImportState.Running ? "reading" : State == ImportState.Running ? "sending" : "done",
        CreatedAt, StartedAt, FinishedAt, RowsRead, EpisodeRecords, EpisodesSent, LinesAccepted, LinesDuplicate, Errors,
        State == ImportState.Completed ? 1 : EpisodeRecords == 0 ? 0 : Math.Round((double)EpisodesSent / EpisodeRecords, 4), Failure,
        $"/api/v1/imports/{Id}/errors");
}

/// <summary>An import job's state, counts and progress (0–1 by episodes sent once the tables are read and sorted).</summary>
public sealed record ImportStatus(
    string ImportId,
    string State,
    string Phase,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long RowsRead,
    long EpisodeRecords,
    long EpisodesSent,
    long LinesAccepted,
    long LinesDuplicate,
    long Errors,
    double Progress,
    string? Failure,
    string ErrorsUrl);

/// <summary>
/// The gateway's import jobs: uploaded extracts queue here and run one at a time, through the cluster client, with at
/// most <see cref="GatewayOptions.BulkConcurrency"/> episodes in flight (the bulk lane's share). A job sends only the
/// episodes of institutions in its owner's scope; any other record is refused in its errors.csv. Jobs live in this
/// gateway's memory: a restarted gateway forgets them (the episodes they sent stay, and re-sending counts them once).
/// </summary>
public sealed class ImportJobs(
    IClusterClient cluster,
    InstitutionScope scope,
    DiagnosisCodes codes,
    IOptions<ImportOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider clock,
    ILogger<ImportJobs> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new(StringComparer.Ordinal);
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>();

    public string WorkDirectory => options.Value.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "claimaudit-imports");

    public ImportJob Create(Caller owner)
    {
        var id = "IMP" + Guid.NewGuid().ToString("N")[..16];
        var job = new ImportJob(id, owner, Path.Combine(WorkDirectory, id), clock.GetUtcNow());
        System.IO.Directory.CreateDirectory(job.Directory);
        return job;
    }

    public void Enqueue(ImportJob job)
    {
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        Forget();
    }

    /// <summary>The job, when it is the caller's (or the caller administers the cluster); null otherwise, as for a missing one.</summary>
    public ImportJob? Find(string id, Caller? caller) =>
        _jobs.TryGetValue(id, out var job) && caller is not null && (caller.IsAdmin || caller.CredentialId == job.Owner.CredentialId) ? job : null;

    /// <summary>The caller's jobs this gateway holds (an administrator's: all), newest first.</summary>
    public IReadOnlyList<ImportJob> Of(Caller caller) =>
        _jobs.Values.Where(j => caller.IsAdmin || caller.CredentialId == j.Owner.CredentialId).OrderByDescending(j => j.CreatedAt).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            job.State = ImportState.Running;
            job.StartedAt = clock.GetUtcNow();
            try
            {
                await RunAsync(job, stoppingToken);
                job.State = ImportState.Completed;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("import {ImportId} failed ({Error})", job.Id, e.GetType().Name);
                job.State = ImportState.Failed;
                job.Failure = e is OrleansException or TimeoutException ? "the cluster did not answer; send the extract again (lines already sent count once)" : e.Message;
            }
            job.FinishedAt = clock.GetUtcNow();
        }
    }

    private async Task RunAsync(ImportJob job, CancellationToken cancellationToken)
    {
        var (tables, missing) = ExtractTable.Find(new DirectoryInfo(job.Directory));
        if (missing is not null)
            throw new InvalidOperationException(missing);
        var extract = new PlatformExtract(tables, null, codes.Catalogue, job.Directory);
        using var errors = new ErrorsFile(job.ErrorsPath);
        void Refuse(ImportError error)
        {
            lock (errors)
                errors.Write(error);
            job.CountError();
        }
        using var inFlight = new SemaphoreSlim(Math.Max(1, gateway.Value.BulkConcurrency));
        var sending = new List<Task>();
        var levelled = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal); // once per institution and job
        foreach (var extracted in extract.Read(Refuse, rows => job.RowsRead = rows))
        {
            job.EpisodeRecords = extract.EpisodeRecords;
            var episode = extracted.Document.Episode;
            if (!await scope.AllowsAsync(job.Owner, episode.FixmedinsCode))
            {
                Refuse(new ImportError(tables[ExtractTable.Episodes].File.Name, extracted.Line, "fixmedins_code", episode.FixmedinsCode,
                    "is outside the scope of the credential that started the import; the episode and its fee lines are not sent"));
                continue;
            }
            await inFlight.WaitAsync(cancellationToken);
            sending.Add(SendAsync(job, extracted, tables[ExtractTable.FeeLines].File.Name, Refuse, levelled)
                .ContinueWith(t => { inFlight.Release(); t.GetAwaiter().GetResult(); }, TaskScheduler.Default));
            sending.RemoveAll(t => t.IsCompletedSuccessfully);
            if (sending.FirstOrDefault(t => t.IsFaulted) is { } failed)
                await failed;
        }
        await Task.WhenAll(sending);
    }

    private async Task SendAsync(ImportJob job, ExtractedEpisode extracted, string feeFile, Action<ImportError> refuse, ConcurrentDictionary<string, Task> levelled)
    {
        var (document, episode) = (extracted.Document, extracted.Document.Episode);
        using var lane = WorkLane.EnterBulk(); // an import is bulk work in the silos too
        // An institution without a registered level gets the extract's hosp_lv (administrators' jobs only: a bureau
        // does not register institutions through the API either).
        if (document.MedinsLv is { } level && job.Owner.IsAdmin)
            await levelled.GetOrAdd(episode.FixmedinsCode, code => RegisterLevelAsync(code, level));
        int accepted = 0, duplicates = 0;
        await cluster.SubmitAsync(document, options.Value.BatchLines, result =>
        {
            accepted += result.Accepted;
            duplicates += result.Duplicates;
            foreach (var rejected in result.Rejected)
                refuse(new ImportError(feeFile, extracted.FeeLines[rejected.Index], "bkkp_sn", document.Feedetail[rejected.Index].FeedetlSn, rejected.Reason));
        });
        job.CountEpisode(accepted, duplicates);
    }

    /// <summary>The extract's level for an institution registered without one, keeping its name and region.</summary>
    private async Task RegisterLevelAsync(string fixmedinsCode, string level)
    {
        var institution = cluster.GetGrain<IInstitutionGrain>(fixmedinsCode);
        var profile = await institution.GetProfile();
        if (profile?.HospLv is null)
            await institution.Upsert(profile is null ? new InstitutionProfile(fixmedinsCode, null, level, null) : profile with { HospLv = level });
    }

    /// <summary>Past <see cref="ImportOptions.KeptJobs"/> finished jobs, the oldest are forgotten and their files deleted.</summary>
    private void Forget()
    {
        var finished = _jobs.Values.Where(j => j.State is ImportState.Completed or ImportState.Failed).OrderBy(j => j.CreatedAt).ToList();
        foreach (var job in finished.Take(Math.Max(0, finished.Count - options.Value.KeptJobs)))
            if (_jobs.TryRemove(job.Id, out _))
                try
                {
                    System.IO.Directory.Delete(job.Directory, recursive: true);
                }
                catch (IOException)
                {
                    // Left for the operating system's temporary-file cleaning.
                }
    }
}
