using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// The registry of rule kinds: the stable kind names of DESIGN §4 and how each is compiled from a rule
/// definition and the knowledge tables. A kind missing here cannot be used by any rule set.
/// </summary>
public static class RuleKinds
{
    private static readonly Dictionary<string, Func<RuleDefinition, KnowledgeBase, IRule>> Factories = new(StringComparer.Ordinal)
    {
        [SexLimitRule.Kind] = (d, k) => new SexLimitRule(d, k),
        [AgeLimitRule.Kind] = (d, k) => new AgeLimitRule(d, k),
        [QuantityPerPeriodRule.Kind] = (d, k) => new QuantityPerPeriodRule(d, k),
        [BedDaysRule.Kind] = (d, _) => new BedDaysRule(d),
        [ReadmissionRule.Kind] = (d, _) => new ReadmissionRule(d),
    };

    public static IEnumerable<string> Names => Factories.Keys.Order(StringComparer.Ordinal);

    public static bool IsKnown(string kind) => Factories.ContainsKey(kind);

    public static IRule Create(RuleDefinition definition, KnowledgeBase knowledge) =>
        Factories.TryGetValue(definition.Kind, out var create)
            ? create(definition, knowledge)
            : throw new InvalidOperationException($"unknown rule kind '{definition.Kind}'");
}
