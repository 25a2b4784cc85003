using System.Diagnostics;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Review;

namespace ClaimAudit.Grains.Episodes;

/// <summary>
/// One episode: holds its lines in memory (rebuilt from the fee-line log on activation), calls the engine on each
/// batch, and tells its person grain what changed, once per batch, for the cross-episode rules.
/// </summary>
[GrainType("episode")]
public sealed class EpisodeGrain(
    [PersistentState("episode", StorageNames.ClaimAudit)] IPersistentState<EpisodeState> state,
    IRuleSetProvider rules,
    IEpisodeStore store,
    IStorageFailureClassifier storageFailures,
    BulkWork bulkWork,
    TimeProvider clock) : Grain, IEpisodeGrain
{
    private EpisodeAudit? _audit;
    private bool _admissionUnsaved;
    // Whether the cross-episode findings held may be behind the person's: its findings on this episode moved through
    // another episode (it says so), or the rules were reloaded since they were learned.
    private bool _crossEpisodeStale;
    private int _crossEpisodeGeneration;

    private string Key => this.GetPrimaryKeyString();

    private string? Admdvs => state.State.Institution?.Admdvs;

    private IPersonGrain Person => GrainFactory.GetGrain<IPersonGrain>(_audit!.Episode.PsnNo);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Episode is not { } episode)
            return;
        _audit = new EpisodeAudit(rules.For(Admdvs), episode, state.State.Institution, clock);
        StoredEpisode stored;
        try
        {
            stored = await store.ReadEpisodeAsync(Key, _audit.Rules.PersonRules.Select(r => r.Definition.Id).ToList(), cancellationToken);
        }
        catch (Exception e) when (storageFailures.IsUnavailable(e))
        {
            throw new StateUnreadableException("episode", Key, transient: true);
        }
        _audit.Reviews.Restore(stored.Events);
        _audit.Restore(stored.Lines);
        _audit.RestoreWithdrawn(stored.Withdrawn);
        _audit.TakeChangedFindings(); // rebuilt, not changed
        // The person records its findings before it answers any update, so the read model holds what it last answered:
        // a reactivation reads them there rather than activating the person and judging its whole history again.
        _audit.SetCrossEpisodeFindings(stored.CrossEpisode.Select(AsFound));
        state.State.CrossEpisodeFindings = []; // what earlier versions kept here: no longer read, dropped at the next write
        _crossEpisodeGeneration = rules.Generation;
        // Findings judged by other rules than those now in force are judged again by the person on the first read.
        _crossEpisodeStale = stored.CrossEpisode.Any(f => f.RuleSetVersion != _audit.Rules.Version);
        // Rules may have changed while the episode slept: decided findings that no longer hold as decided move now.
        _audit.ReconcileReviews();
    }

    public async Task<EpisodeView> Admit(Episode episode)
    {
        // A re-sent admission is answered as it stands, unless the first one failed part way: then it is done again.
        if (state.State.Episode == episode && _audit is not null && !_admissionUnsaved)
            return View();

        var institution = await GrainFactory.GetGrain<IInstitutionGrain>(episode.FixmedinsCode).GetProfile();
        var ruleSet = rules.For(institution?.Admdvs);
        if (_audit is null)
            _audit = new EpisodeAudit(ruleSet, episode, institution, clock);
        else
            _audit.Reset(episode, institution, ruleSet);
        state.State.Episode = episode;
        state.State.Institution = institution;
        _admissionUnsaved = true;
        await UpdatePerson(_audit.AllPersonLines());
        await state.WriteStateAsync();
        await Record([]);
        _admissionUnsaved = false;
        return View();
    }

    public async Task<FeeBatchResult> AddFeeLines(IReadOnlyList<SentLine> lines)
    {
        BatchOutcome outcome;
        EpisodeAudit audit;
        var arrived = Stopwatch.GetTimestamp();
        using (await bulkWork.EnterAsync("episode_batch"))
        {
            var started = Stopwatch.GetTimestamp(); // the check's own time, not its wait for a bulk slot
            audit = Admitted();
            outcome = audit.Add(lines.Select(s => s.Line).ToList());
            ClaimAuditTelemetry.CheckDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        if (outcome.Accepted.Count > 0)
        {
            try
            {
                await Record(outcome.Accepted);
            }
            catch
            {
                // The lines are in memory but not durable: drop this activation so the next one rebuilds from the log.
                DeactivateOnIdle();
                throw;
            }
        }
        var cross = await UpdatePerson(outcome.PersonLines);
        var touched = outcome.PersonLines.Select(l => l.FeedetlSn).ToHashSet(StringComparer.Ordinal);
        var findings = outcome.Findings
            .Concat(cross.Where(f => f.FeedetlSns.Any(touched.Contains) || f.RelatedSns.Any(touched.Contains)))
            .DistinctBy(f => f.FindingId);
        var rejected = outcome.Conflicts
            .Select(c => Rejection(lines[c.Index].Index, c.Error))
            .ToList();
        ClaimAuditTelemetry.CountLines("accepted", outcome.Accepted.Count);
        ClaimAuditTelemetry.CountLines("duplicate", outcome.Duplicates.Count);
        ClaimAuditTelemetry.CountLines("rejected", rejected.Count);
        ClaimAuditTelemetry.IngestDuration.Record(Stopwatch.GetElapsedTime(arrived).TotalSeconds);
        return new FeeBatchResult(outcome.Accepted.Count, outcome.Duplicates.Count, rejected, Sorted(findings), audit.Coverage())
        {
            DuplicateIndexes = outcome.Duplicates.Count == 0 ? [] : DuplicateIndexes(lines, outcome),
        };
    }

    /// <summary>Which sent lines were re-sends: a serial held before this batch, or repeated within it after its first.</summary>
    private static List<int> DuplicateIndexes(IReadOnlyList<SentLine> lines, BatchOutcome outcome)
    {
        var duplicates = outcome.Duplicates.ToHashSet(StringComparer.Ordinal);
        var accepted = outcome.Accepted.Select(l => l.FeedetlSn).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var indexes = new List<int>();
        foreach (var sent in lines)
        {
            var sn = sent.Line.FeedetlSn;
            if (duplicates.Contains(sn) && (seen.Contains(sn) || !accepted.Contains(sn)))
                indexes.Add(sent.Index);
            seen.Add(sn);
        }
        return indexes;
    }

    public async Task<EpisodeView> Discharge(DischargeInfo discharge)
    {
        var audit = Admitted();
        using (await bulkWork.EnterAsync("discharge"))
            audit.Discharge(discharge); // judges every line again
        state.State.Episode = audit.Episode;
        await UpdatePerson([]);
        await ReportToInstitution(audit);
        await state.WriteStateAsync();
        await Record([]);
        return View();
    }

    public async Task<EpisodeView?> Get()
    {
        if (_audit is null)
            return null;
        Admitted();
        if (_crossEpisodeStale || _crossEpisodeGeneration != rules.Generation)
        {
            // Cleared before the call: a change the person reports while it answers leaves the episode stale again.
            CrossEpisodeLearned();
            _audit.SetCrossEpisodeFindings(await Person.FindingsFor(_audit.Episode.FixmedinsCode, _audit.Episode.MdtrtId));
        }
        return View();
    }

    public Task CrossEpisodeChanged()
    {
        _crossEpisodeStale = true;
        return Task.CompletedTask;
    }

    private void CrossEpisodeLearned() => (_crossEpisodeStale, _crossEpisodeGeneration) = (false, rules.Generation);

    /// <summary>A finding as the person judged it, before any decision (the read model keeps a decided state on it; the events say it again).</summary>
    private static Finding AsFound(Finding recorded) => recorded with { Status = ReviewLedger.Initial(recorded.Severity) };

    public Task<FindingDetail?> GetFinding(string findingId) =>
        Task.FromResult(_audit is null ? null : Detail(Admitted(), findingId));

    public async Task<ReviewOutcome> Review(string findingId, ReviewRequest request)
    {
        var audit = _audit is null ? null : Admitted();
        if (audit is null || Find(audit, findingId) is not { } current)
            return new ReviewOutcome(null);
        var refusal = audit.Reviews.Transition(current, request.Action, request.Actor, clock.GetUtcNow(), request.Reason, request.Evidence);
        if (refusal is not null)
        {
            await ReportChangesToInstitution(audit); // a review re-sent after its counters failed to follow it
            return new ReviewOutcome(Detail(audit, findingId), refusal.Current, refusal.Reason);
        }
        try
        {
            await Record([], [audit.Reviews.Present(current)]);
        }
        catch
        {
            // The decision is in memory but perhaps not durable: rebuild from the store on the next call.
            DeactivateOnIdle();
            throw;
        }
        // The decision is durable. Should its counters fail to reach the institution, the episode's next review (a
        // re-send of this one included) or discharge sends them: Reported says what the institution already has.
        await ReportChangesToInstitution(audit);
        return new ReviewOutcome(Detail(audit, findingId));
    }

    private async Task ReportChangesToInstitution(EpisodeAudit audit)
    {
        if (audit.Episode.IsDischarged && await ReportToInstitution(audit))
            await state.WriteStateAsync();
    }

    // The engine keeps only what its rules read of each line; the lines as received are in the log.
    public async Task<EpisodeSnapshot?> Snapshot()
    {
        if (_audit is null)
            return null;
        IReadOnlyList<FeeLine> lines;
        try
        {
            lines = await store.ReadAsync(Key);
        }
        catch (Exception e) when (storageFailures.IsUnavailable(e))
        {
            throw new StateUnreadableException("episode", Key, transient: true);
        }
        return new EpisodeSnapshot(Admitted().Episode, state.State.Institution, [.. lines]);
    }

    public async Task<bool> RecordFeedback(IReadOnlyList<WarningFeedback> feedback)
    {
        if (_audit is null)
            return false;
        var audit = Admitted();
        var at = clock.GetUtcNow();
        foreach (var item in feedback)
        {
            // A warning on orders never sent for good has no finding here yet: its feedback waits in the history under its id.
            var current = Find(audit, item.FindingId);
            audit.Reviews.RecordFeedback(item.FindingId, current?.Status ?? ReviewLedger.Initial(item.Severity), current?.Amount ?? item.Amount,
                item.Actor, at, item.Way, item.Reason);
        }
        try
        {
            await Record([]);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        return true;
    }

    private static Finding? Find(EpisodeAudit audit, string findingId) =>
        audit.Findings.FirstOrDefault(f => f.FindingId == findingId) ?? audit.Withdrawn.FirstOrDefault(f => f.FindingId == findingId);

    private static FindingDetail? Detail(EpisodeAudit audit, string findingId) => Find(audit, findingId) is { } finding
        ? new FindingDetail(finding, audit.Reviews.HistoryOf(findingId).ToList(), audit.Totals().Deduction)
        : null;

    private static LineRejection Rejection(int index, FieldError error) => new(index, $"feedetail[{index}].{error.Field}", error.Reason);

    private EpisodeAudit Admitted()
    {
        var audit = _audit ?? throw new EpisodeNotAdmittedException(Key);
        // After a rules reload the episode is judged again, once, by the rule set now in force.
        if (rules.For(Admdvs) is var current && !ReferenceEquals(current, audit.Rules))
            audit.Reset(audit.Episode, state.State.Institution, current);
        return audit;
    }

    /// <summary>One round trip: the new lines, the findings they (or a review) changed, review events and the episode's summary row, committed together.</summary>
    private async Task Record(IReadOnlyList<FeeLine> lines, IReadOnlyList<Finding>? reviewed = null)
    {
        var audit = _audit!;
        var episode = audit.Episode;
        var totals = audit.Totals();
        var summary = new EpisodeSummary(episode.FixmedinsCode, episode.MdtrtId, episode.PsnNo, episode.MedType, episode.Begntime,
            episode.Endtime, episode.IsDischarged ? EpisodeStatus.Discharged : EpisodeStatus.Admitted, totals.LineCount, totals.Amount, totals.Deduction)
        {
            Period = episode.IsDischarged ? audit.PeriodTotals() : null, // a scorecard counts discharged episodes, each once
        };
        var changed = audit.TakeChangedFindings();
        foreach (var raised in changed.Where(f => f.Status != FindingStatus.Withdrawn))
            ClaimAuditTelemetry.Findings.Add(1, new KeyValuePair<string, object?>("rule_kind", raised.RuleKind), new KeyValuePair<string, object?>("severity", raised.Severity.ToString().ToLowerInvariant()));
        if (reviewed is not null)
            changed = changed.Where(f => reviewed.All(r => r.FindingId != f.FindingId)).Concat(reviewed).ToList();
        var events = audit.Reviews.TakeUnsaved();
        try
        {
            await store.AppendAsync(new EpisodeWrite(Key, lines, changed, summary) { Admdvs = Admdvs, Events = events });
        }
        catch
        {
            audit.Reviews.ReturnUnsaved(events);
            throw;
        }
    }

    private async Task<IReadOnlyList<Finding>> UpdatePerson(IReadOnlyList<PersonLine> lines)
    {
        CrossEpisodeLearned();
        var cross = await Person.Update(PersonEpisode.From(_audit!.Episode, Admdvs), lines);
        _audit.SetCrossEpisodeFindings(cross);
        return cross;
    }

    /// <summary>Sends the institution what changed since the last report; false when nothing did.</summary>
    private async Task<bool> ReportToInstitution(EpisodeAudit audit)
    {
        var totals = audit.Totals();
        var period = audit.PeriodTotals();
        var byKind = audit.Findings.GroupBy(f => f.RuleKind).ToDictionary(g => g.Key, g => g.Count());
        var reported = state.State.Reported;
        if (reported.Episodes == 1 && reported.Lines == totals.LineCount && reported.Amount == totals.Amount && reported.Deduction == totals.Deduction &&
            reported.Period == period && reported.FindingsByKind.Count == byKind.Count &&
            byKind.All(kv => reported.FindingsByKind.GetValueOrDefault(kv.Key) == kv.Value))
            return false;
        var periods = reported.Period is { } before ? [period, before.Negated()] : new List<PeriodTotals> { period };
        var delta = new InstitutionDelta(
            1 - reported.Episodes,
            totals.LineCount - reported.Lines,
            totals.Amount - reported.Amount,
            totals.Deduction - reported.Deduction,
            byKind.Keys.Union(reported.FindingsByKind.Keys)
                .ToDictionary(k => k, k => byKind.GetValueOrDefault(k) - reported.FindingsByKind.GetValueOrDefault(k)),
            periods);
        await GrainFactory.GetGrain<IInstitutionGrain>(audit.Episode.FixmedinsCode).Apply(delta);
        state.State.Reported = new ReportedCounters
        {
            Episodes = 1, Lines = totals.LineCount, Amount = totals.Amount, Deduction = totals.Deduction, FindingsByKind = byKind, Period = period,
        };
        return true;
    }

    private EpisodeView View()
    {
        var audit = _audit!;
        var episode = audit.Episode;
        return new EpisodeView(episode.FixmedinsCode, episode.MdtrtId, episode.PsnNo,
            episode.IsDischarged ? EpisodeStatus.Discharged : EpisodeStatus.Admitted,
            episode.MedType, episode.Begntime, episode.Endtime, audit.Totals(),
            Sorted(audit.Findings), Sorted(audit.Withdrawn), audit.Rules.Version, audit.Coverage());
    }

    private static List<Finding> Sorted(IEnumerable<Finding> findings) => findings
        .OrderBy(f => f.RuleId, StringComparer.Ordinal)
        .ThenBy(f => f.FeedetlSns.Count > 0 ? f.FeedetlSns[0] : "", StringComparer.Ordinal)
        .ThenBy(f => f.FindingId, StringComparer.Ordinal)
        .ToList();
}
