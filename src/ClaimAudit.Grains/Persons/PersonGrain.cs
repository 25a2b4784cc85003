using ClaimAudit.Grains.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Grains.Persons;

[GenerateSerializer, Alias("ClaimAudit.PersonState")]
public sealed class PersonState
{
    [Id(0)] public List<PersonEpisode> Episodes { get; set; } = [];
}

/// <summary>One insured person's cross-episode history and the findings it yields.</summary>
[GrainType("person")]
public sealed class PersonGrain(
    [PersistentState("person", StorageNames.ClaimAudit)] IPersistentState<PersonState> state,
    IRuleSetProvider rules) : Grain, IPersonGrain
{
    private PersonAudit _audit = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _audit = new PersonAudit(rules.Current, this.GetPrimaryKeyString());
        _audit.Restore(state.State.Episodes);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<Finding>> Record(PersonEpisode episode)
    {
        _audit.Record(episode);
        state.State.Episodes = _audit.Episodes.ToList();
        await state.WriteStateAsync();
        return _audit.FindingsFor(episode.FixmedinsCode, episode.MdtrtId).ToList();
    }

    public Task<IReadOnlyList<Finding>> FindingsFor(string fixmedinsCode, string mdtrtId) =>
        Task.FromResult<IReadOnlyList<Finding>>(_audit.FindingsFor(fixmedinsCode, mdtrtId).ToList());
}
