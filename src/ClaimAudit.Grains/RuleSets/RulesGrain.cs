using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;

namespace ClaimAudit.Grains.RuleSets;

[GenerateSerializer, Alias("ClaimAudit.RulesState")]
public sealed class RulesState
{
    [Id(0)] public int Generation { get; set; }
}

[GrainType("rules")]
public sealed class RulesGrain(
    [PersistentState("rules", StorageNames.ClaimAudit)] IPersistentState<RulesState> state,
    IRuleSetProvider rules) : Grain, IRulesGrain
{
    public async Task<RulesStatus> Reload()
    {
        if (rules.Reload() is { } refused)
            return Describe(refused.File, refused.Line, refused.Reason);
        state.State.Generation++;
        await state.WriteStateAsync();
        return Describe(null, null, null);
    }

    public Task<RulesStatus> Status() => Task.FromResult(Describe(null, null, null));

    private RulesStatus Describe(string? file, int? line, string? reason)
    {
        var catalog = rules.Catalog;
        return new RulesStatus(state.State.Generation, catalog.National.Version,
            catalog.Regions.ToDictionary(r => r.Key, r => r.Value.Version), catalog.National.Rules.Count,
            catalog.National.Knowledge.Files.Count, file, line, reason);
    }
}
