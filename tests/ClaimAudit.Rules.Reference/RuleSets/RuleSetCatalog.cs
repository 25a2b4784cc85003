namespace ClaimAudit.Reference.RuleSets;

/// <summary>
/// The rule sets in force: the national set and each region's override of it (<c>rules/regions/{admdvs}.yaml</c>),
/// all sharing one knowledge base. An episode is judged by the set of its institution's region.
/// </summary>
public sealed class RuleSetCatalog(RuleSet national, IReadOnlyDictionary<string, RuleSet> regions)
{
    public RuleSet National { get; } = national;

    public IReadOnlyDictionary<string, RuleSet> Regions { get; } = regions;

    public RuleSet For(string? admdvs) => admdvs is not null && Regions.TryGetValue(admdvs, out var regional) ? regional : National;

    public IEnumerable<RuleSet> All => Regions.Values.Prepend(National);
}
