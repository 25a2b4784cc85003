using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Kinds;

/// <summary>
/// <c>inst.indicator</c> (A): an institution's inpatient indicator for a period (month of discharge) beyond its
/// threshold — drug share (<c>drug_share_max</c>), consumable share (<c>consumable_share_max</c>), average stay in days
/// (<c>average_stay_max</c>), self-pay (丙类) share (<c>self_pay_share_max</c>) and cost-per-episode growth over
/// the previous month (<c>cost_growth_max</c>; 次均住院费用, inpatient episodes only, so a month of many cheap
/// visits does not read as growth). Periods with fewer than <c>min_episodes</c> inpatient discharges are not judged.
/// A scorecard flag: amount 0.
/// </summary>
public sealed class InstitutionIndicatorRule(RuleDefinition definition) : IInstitutionRule
{
    public const string Kind = "inst.indicator";

    private readonly decimal _drugShare = definition.Params.Decimal("drug_share_max", 0.45m);
    private readonly decimal _consumableShare = definition.Params.Decimal("consumable_share_max", 0.30m);
    private readonly decimal _averageStay = definition.Params.Decimal("average_stay_max", 20m);
    private readonly decimal _selfPayShare = definition.Params.Decimal("self_pay_share_max", 0.15m);
    private readonly decimal _costGrowth = definition.Params.Decimal("cost_growth_max", 1.0m);
    private readonly int _minEpisodes = definition.Params.Int("min_episodes", 5);

    public RuleDefinition Definition { get; } = definition;

    public IEnumerable<InstitutionHit> Check(string fixmedinsCode, IReadOnlyList<PeriodTotals> periods)
    {
        var ordered = periods.Where(p => p.Episodes > 0).OrderBy(p => p.Period, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var p = ordered[i];
            if (p.InpatientEpisodes < _minEpisodes || p.InpatientAmount <= 0)
                continue;
            if (Share(p.DrugAmount, p.InpatientAmount) is var drug && drug > _drugShare)
                yield return Flag(p, "drug_share", $"住院药占比 {drug:P1}，超过 {_drugShare:P0}");
            if (Share(p.ConsumableAmount, p.InpatientAmount) is var consumable && consumable > _consumableShare)
                yield return Flag(p, "consumable_share", $"住院耗材占比 {consumable:P1}，超过 {_consumableShare:P0}");
            if ((decimal)p.StayDays / p.InpatientEpisodes is var stay && stay > _averageStay)
                yield return Flag(p, "average_stay", $"平均住院日 {stay:0.0} 天，超过 {_averageStay:0.#} 天");
            if (Share(p.SelfPayAmount, p.InpatientAmount) is var selfPay && selfPay > _selfPayShare)
                yield return Flag(p, "self_pay_share", $"丙类（自费）占比 {selfPay:P1}，超过 {_selfPayShare:P0}");
            if (i > 0 && ordered[i - 1] is { InpatientEpisodes: var n } previous && n >= _minEpisodes && IsPreviousMonth(previous.Period, p.Period))
            {
                var before = previous.InpatientAmount / previous.InpatientEpisodes;
                var now = p.InpatientAmount / p.InpatientEpisodes;
                if (before > 0 && (now - before) / before is var growth && growth > _costGrowth)
                    yield return Flag(p, "cost_growth", $"次均住院费用 {now:0.00} 元，较上月 {before:0.00} 元增长 {growth:P1}，超过 {_costGrowth:P0}");
            }
        }
    }

    private static decimal Share(decimal part, decimal whole) => whole == 0 ? 0 : part / whole;

    private static bool IsPreviousMonth(string previous, string period) =>
        DateOnly.ParseExact(previous + "-01", "yyyy-MM-dd").AddMonths(1) == DateOnly.ParseExact(period + "-01", "yyyy-MM-dd");

    private static InstitutionHit Flag(PeriodTotals period, string indicator, string message) =>
        new(period.Period, Hit.WithoutAmount($"{period.Period} {message}（{period.InpatientEpisodes} 个出院住院）", $"{period.Period}/{indicator}"));
}
