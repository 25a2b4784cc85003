using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Grains.Persons;

/// <summary>The person's episodes; their lines are not persisted here but rebuilt from the episodes' fee-line logs.</summary>
[GenerateSerializer, Alias("ClaimAudit.PersonState")]
public sealed class PersonState
{
    [Id(0)] public List<PersonEpisode> Episodes { get; set; } = [];
}

/// <summary>One insured person's cross-episode history and the findings it yields.</summary>
[GrainType("person")]
public sealed class PersonGrain(
    [PersistentState("person", StorageNames.ClaimAudit)] IPersistentState<PersonState> state,
    IRuleSetProvider rules,
    IEpisodeStore store,
    IStorageFailureClassifier storageFailures,
    BulkWork bulkWork) : Grain, IPersonGrain
{
    private PersonAudit _audit = null!;
    private int _generation;
    private bool _unwritten;
    private Dictionary<string, Finding> _recorded = new(StringComparer.Ordinal);
    // The audit and version whose findings _recorded holds: an update that moved neither has nothing to record.
    private (PersonAudit? Audit, int Version) _recordedAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _generation = rules.Generation;
        _audit = new PersonAudit(rules.For, this.GetPrimaryKeyString());
        var lines = new List<PersonLine>();
        try
        {
            // Every episode's log in one round trip, not one per episode.
            var logs = await store.ReadLogsAsync(state.State.Episodes.Select(e => e.Key).ToList(), cancellationToken);
            foreach (var episode in state.State.Episodes)
            {
                // One episode part for all of the episode's lines, as the person keeps them.
                var part = new PersonLineEpisode(episode.FixmedinsCode, episode.MdtrtId, episode.MedType);
                lines.AddRange(NetLines.Fold(logs[episode.Key]).Select(line => PersonLine.From(part, line)));
            }
        }
        catch (Exception e) when (storageFailures.IsUnavailable(e))
        {
            throw new StateUnreadableException("person", this.GetPrimaryKeyString(), transient: true);
        }
        _audit.Restore(state.State.Episodes, lines);
        _recorded = _audit.Findings.ToDictionary(f => f.FindingId, StringComparer.Ordinal);
        _recordedAt = (_audit, _audit.FindingsVersion);
    }

    public async Task<IReadOnlyList<Finding>> Update(PersonEpisode episode, IReadOnlyList<PersonLine> lines)
    {
        var known = state.State.Episodes.Find(e => e.Key == episode.Key);
        IReadOnlyList<Finding> findings;
        using (await bulkWork.EnterAsync("person_update"))
            findings = Current().Update(episode, lines);
        // A write that failed left the new episodes in memory only: the next update writes them, even if it changes none.
        if (known != episode || _unwritten)
        {
            state.State.Episodes = _audit.Episodes.ToList();
            _unwritten = true;
            await state.WriteStateAsync();
            _unwritten = false;
        }
        var moved = await RecordChangedFindings();
        await TellEpisodesTheirFindingsMoved(moved, except: episode.Key);
        return findings;
    }

    public Task<IReadOnlyList<Finding>> FindingsFor(string fixmedinsCode, string mdtrtId) =>
        Task.FromResult<IReadOnlyList<Finding>>(Current().FindingsFor(fixmedinsCode, mdtrtId).ToList());

    public Task<PersonRecord> Record()
    {
        var audit = Current();
        return Task.FromResult(new PersonRecord(audit.Episodes.ToList(), audit.Lines.ToList()));
    }

    /// <summary>
    /// Cross-episode findings raised, changed or withdrawn by this update go to the read model before the episode
    /// answers; answers those recorded.
    /// </summary>
    private async Task<IReadOnlyList<Finding>> RecordChangedFindings()
    {
        // Most batches change none of the person's findings: then they are not all read and compared again.
        if (_recordedAt == (_audit, _audit.FindingsVersion))
            return [];
        var version = _audit.FindingsVersion;
        var now = _audit.Findings.ToDictionary(f => f.FindingId, StringComparer.Ordinal);
        var changed = now.Values.Where(f => !_recorded.TryGetValue(f.FindingId, out var was) || was.Amount != f.Amount || was.Message != f.Message)
            .Concat(_recorded.Values.Where(f => !now.ContainsKey(f.FindingId)).Select(f => f with { Status = FindingStatus.Withdrawn }))
            .ToList();
        if (changed.Count > 0)
        {
            var regions = _audit.Episodes.ToDictionary(e => e.Key, e => e.Admdvs, StringComparer.Ordinal);
            await store.RecordFindingsAsync(changed, f => regions.GetValueOrDefault(f.EpisodeKey));
        }
        _recorded = now;
        _recordedAt = (_audit, version);
        return changed;
    }

    /// <summary>
    /// Other episodes whose findings this update moved (a late earlier stay) are told before it answers, so an active
    /// one asks again on its next read; one that is not active reads the read model, just written, when it activates.
    /// </summary>
    private async Task TellEpisodesTheirFindingsMoved(IReadOnlyList<Finding> moved, string except)
    {
        var keys = moved.Select(f => f.EpisodeKey).Where(k => k != except).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
            return;
        try
        {
            await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IEpisodeGrain>(k).CrossEpisodeChanged()));
        }
        catch (Exception)
        {
            // Not the update's failure: the findings are recorded, and a re-sent batch would not tell again. An episode that
            // could not activate to hear it (its storage down) reads the recorded findings when it next activates.
        }
    }

    /// <summary>After a rules reload the person's history is judged again, once, by the rule sets now in force.</summary>
    private PersonAudit Current()
    {
        if (_generation == rules.Generation)
            return _audit;
        var rebuilt = new PersonAudit(rules.For, _audit.PsnNo);
        rebuilt.Restore(_audit.Episodes, _audit.Lines);
        (_audit, _generation) = (rebuilt, rules.Generation);
        return _audit;
    }
}
