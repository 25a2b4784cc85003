using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.Knowledge;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Kinds;

/// <summary>
/// The registry of rule kinds: the stable kind names of docs/rules.md and how each is compiled from a rule
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
        [InsuranceLimitRule.Kind] = (d, k) => new InsuranceLimitRule(d, k),
        [SettingLimitRule.Kind] = (d, k) => new SettingLimitRule(d, k),
        [LevelLimitRule.Kind] = (d, k) => new LevelLimitRule(d, k),
        [DepartmentLimitRule.Kind] = (d, k) => new DepartmentLimitRule(d, k),
        [DiagnosisLimitRule.Kind] = (d, k) => new DiagnosisLimitRule(d, k),
        [PriceCapRule.Kind] = (d, k) => new PriceCapRule(d, k),
        [CourseDaysRule.Kind] = (d, k) => new CourseDaysRule(d, k),
        [CycleFrequencyRule.Kind] = (d, k) => new CycleFrequencyRule(d, k),
        [ChargePairRule.Kind] = (d, k) => new ChargePairRule(d, k),
        [DuplicateLineRule.Kind] = (d, _) => new DuplicateLineRule(d),
        [FeeOutsideStayRule.Kind] = (d, _) => new FeeOutsideStayRule(d),
        [IdleDaysRule.Kind] = (d, _) => new IdleDaysRule(d),
        [OverlapRule.Kind] = (d, _) => new OverlapRule(d),
        [SupplyOverlapRule.Kind] = (d, _) => new SupplyOverlapRule(d),
        [VisitFrequencyRule.Kind] = (d, _) => new VisitFrequencyRule(d),
        [SelfPayRatioRule.Kind] = (d, _) => new SelfPayRatioRule(d),
        [InstitutionIndicatorRule.Kind] = (d, _) => new InstitutionIndicatorRule(d),
    };

    public static IEnumerable<string> Names => Factories.Keys.Order(StringComparer.Ordinal);

    public static bool IsKnown(string kind) => Factories.ContainsKey(kind);

    public static IRule Create(RuleDefinition definition, KnowledgeBase knowledge) =>
        Factories.TryGetValue(definition.Kind, out var create)
            ? create(definition, knowledge)
            : throw new InvalidOperationException($"unknown rule kind '{definition.Kind}'");
}
