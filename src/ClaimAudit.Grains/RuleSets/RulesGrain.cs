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

    public Task<IReadOnlyList<RuleSetView>> Sets()
    {
        var catalog = rules.Catalog;
        IReadOnlyList<RuleSetView> sets = [View(null, catalog.National), .. catalog.Regions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => View(r.Key, r.Value))];
        return Task.FromResult(sets);
    }

    private static RuleSetView View(string? admdvs, Rules.RuleSets.RuleSet set) => new(admdvs, set.Version, set.Name, set.Rules
        .Select(r => r.Definition)
        .Select(d => new RuleView(d.Id, d.Kind, d.Name, Rules.Contracts.NationalJson.Name(d.Severity),
            d.Params.Values.ToDictionary(p => p.Key, p => Written(p.Value), StringComparer.Ordinal), d.EffectiveFrom, d.EffectiveTo, d.Basis))
        .ToList());

    /// <summary>A parameter as the rule file writes it: a list comma-separated.</summary>
    private static string Written(object? value) => value switch
    {
        null => "",
        string text => text,
        IEnumerable<object?> items => string.Join(", ", items.Select(i => i?.ToString() ?? "")),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private RulesStatus Describe(string? file, int? line, string? reason)
    {
        var catalog = rules.Catalog;
        return new RulesStatus(state.State.Generation, catalog.National.Version,
            catalog.Regions.ToDictionary(r => r.Key, r => r.Value.Version), catalog.National.Rules.Count,
            catalog.National.Knowledge.Files.Count, file, line, reason);
    }
}
