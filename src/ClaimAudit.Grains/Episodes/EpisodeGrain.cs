using ClaimAudit.Grains.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Kinds;
using Orleans.Runtime;

namespace ClaimAudit.Grains.Episodes;

/// <summary>
/// One episode: holds its lines in memory (rebuilt from the fee-line log on activation), calls the engine on each
/// batch, and asks the person grain for cross-episode findings when its header changes.
/// </summary>
[GrainType("episode")]
public sealed class EpisodeGrain(
    [PersistentState("episode", StorageNames.ClaimAudit)] IPersistentState<EpisodeState> state,
    IRuleSetProvider rules,
    IFeeLineLog log) : Grain, IEpisodeGrain
{
    private EpisodeAudit? _audit;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Episode is not { } episode)
            return;
        _audit = new EpisodeAudit(rules.Current, episode, state.State.Institution);
        _audit.Add(await log.ReadAsync(Key, cancellationToken));
        _audit.SetCrossEpisodeFindings(state.State.CrossEpisodeFindings);
    }

    public async Task<EpisodeView> Admit(Episode episode)
    {
        if (state.State.Episode == episode && _audit is not null)
            return View();

        var institution = await GrainFactory.GetGrain<IInstitutionGrain>(episode.FixmedinsCode).GetProfile();
        if (_audit is null)
            _audit = new EpisodeAudit(rules.Current, episode, institution);
        else
            _audit.Reset(episode, institution);
        state.State.Episode = episode;
        state.State.Institution = institution;
        await RecordWithPerson();
        await state.WriteStateAsync();
        return View();
    }

    public async Task<FeeBatchResult> AddFeeLines(IReadOnlyList<FeeLine> lines)
    {
        var audit = Admitted();
        var outcome = audit.Add(lines);
        if (outcome.Accepted.Count > 0)
        {
            try
            {
                await log.AppendAsync(Key, outcome.Accepted);
            }
            catch
            {
                // The lines are in memory but not durable: drop this activation so the next one rebuilds from the log.
                DeactivateOnIdle();
                throw;
            }
        }
        var rejected = outcome.Conflicts.Select(c => new LineRejection(c.Index, c.Error.Field, c.Error.Reason)).ToList();
        return new FeeBatchResult(outcome.Accepted.Count, outcome.Duplicates.Count, rejected, Sorted(outcome.Findings));
    }

    public async Task<EpisodeView> Discharge(DischargeInfo discharge)
    {
        var audit = Admitted();
        audit.Discharge(discharge);
        state.State.Episode = audit.Episode;
        await RecordWithPerson();
        await ReportToInstitution(audit);
        await state.WriteStateAsync();
        return View();
    }

    public async Task<EpisodeView?> Get()
    {
        if (_audit is null)
            return null;
        // Another episode of the person may have arrived since (a late earlier stay): ask for the current answer.
        var cross = await GrainFactory.GetGrain<IPersonGrain>(_audit.Episode.PsnNo).FindingsFor(_audit.Episode.FixmedinsCode, _audit.Episode.MdtrtId);
        _audit.SetCrossEpisodeFindings(cross);
        return View();
    }

    private EpisodeAudit Admitted() => _audit ?? throw new EpisodeNotAdmittedException(Key);

    private async Task RecordWithPerson()
    {
        var episode = _audit!.Episode;
        var cross = await GrainFactory.GetGrain<IPersonGrain>(episode.PsnNo).Record(PersonEpisode.From(episode));
        _audit.SetCrossEpisodeFindings(cross);
        state.State.CrossEpisodeFindings = cross.ToList();
    }

    private async Task ReportToInstitution(EpisodeAudit audit)
    {
        var totals = audit.Totals();
        var byKind = audit.Findings.GroupBy(f => f.RuleKind).ToDictionary(g => g.Key, g => g.Count());
        var reported = state.State.Reported;
        var delta = new InstitutionDelta(
            1 - reported.Episodes,
            totals.LineCount - reported.Lines,
            totals.Amount - reported.Amount,
            totals.Deduction - reported.Deduction,
            byKind.Keys.Union(reported.FindingsByKind.Keys)
                .ToDictionary(k => k, k => byKind.GetValueOrDefault(k) - reported.FindingsByKind.GetValueOrDefault(k)));
        await GrainFactory.GetGrain<IInstitutionGrain>(audit.Episode.FixmedinsCode).Apply(delta);
        state.State.Reported = new ReportedCounters
        {
            Episodes = 1, Lines = totals.LineCount, Amount = totals.Amount, Deduction = totals.Deduction, FindingsByKind = byKind,
        };
    }

    private EpisodeView View()
    {
        var audit = _audit!;
        var episode = audit.Episode;
        return new EpisodeView(episode.FixmedinsCode, episode.MdtrtId, episode.PsnNo,
            episode.IsDischarged ? EpisodeStatus.Discharged : EpisodeStatus.Admitted,
            episode.MedType, episode.Begntime, episode.Endtime, audit.Totals(),
            Sorted(audit.Findings), Sorted(audit.Withdrawn), audit.RuleSetVersion);
    }

    private static IReadOnlyList<Finding> Sorted(IEnumerable<Finding> findings) => findings
        .OrderBy(f => f.RuleId, StringComparer.Ordinal)
        .ThenBy(f => f.FeedetlSns.FirstOrDefault() ?? "", StringComparer.Ordinal)
        .ThenBy(f => f.FindingId, StringComparer.Ordinal)
        .ToList();
}
