using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;

namespace ClaimAudit.Tools.Baselines;

/// <summary>
/// Benchmark baseline B1 — the straightforward Orleans design ClaimAudit is measured against, not used by the
/// product: one grain call per fee line, and the whole episode (every line so far and its findings) written
/// through the grain-state storage on every call. The rules are judged the same way as in EpisodeGrain.
/// </summary>
[Alias("ClaimAudit.IStraightforwardEpisodeGrain")]
public interface IStraightforwardEpisodeGrain : IGrainWithStringKey
{
    [Alias("Admit")]
    Task Admit(Episode episode);

    /// <summary>Adds one line; answers how many findings the episode has.</summary>
    [Alias("AddFeeLine")]
    Task<int> AddFeeLine(FeeLine line);
}

[GenerateSerializer, Alias("ClaimAudit.StraightforwardEpisodeState")]
public sealed class StraightforwardEpisodeState
{
    [Id(0)] public Episode? Episode { get; set; }
    [Id(1)] public List<FeeLine> Lines { get; set; } = [];
    [Id(2)] public List<Finding> Findings { get; set; } = [];
}

[GrainType("baseline-episode")]
public sealed class StraightforwardEpisodeGrain(
    [PersistentState("baseline-episode", StorageNames.ClaimAudit)] IPersistentState<StraightforwardEpisodeState> state,
    IRuleSetProvider rules) : Grain, IStraightforwardEpisodeGrain
{
    private EpisodeAudit? _audit;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Episode is { } episode)
        {
            _audit = new EpisodeAudit(rules.Current, episode, null);
            _audit.Add(state.State.Lines);
        }
        return Task.CompletedTask;
    }

    public async Task Admit(Episode episode)
    {
        state.State.Episode = episode;
        _audit = new EpisodeAudit(rules.Current, episode, null);
        _audit.Add(state.State.Lines);
        await state.WriteStateAsync();
    }

    public async Task<int> AddFeeLine(FeeLine line)
    {
        var audit = _audit ?? throw new InvalidOperationException("not admitted");
        if (audit.Add([line]).Accepted.Count == 0)
            return state.State.Findings.Count;
        state.State.Lines.Add(line);
        state.State.Findings = audit.Findings.ToList();
        await state.WriteStateAsync();
        return state.State.Findings.Count;
    }
}
