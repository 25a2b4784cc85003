using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>visit.frequency</c> (X): more than <c>max_visits</c> (8) outpatient episodes of the person within any
/// <c>window_days</c> (30) consecutive days. Each visit that makes the count exceed the limit is flagged.
/// Amount 0: suspicious.
/// </summary>
public sealed class VisitFrequencyRule(RuleDefinition definition) : IPersonRule
{
    public const string Kind = "visit.frequency";

    private readonly int _max = definition.Params.Int("max_visits", 8);
    private readonly int _window = definition.Params.Int("window_days", 30);

    public RuleDefinition Definition { get; } = definition;

    public bool JudgesEpisodes => true;

    public IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines)
    {
        var visits = history.Episodes.Where(e => e.Setting == Setting.Outpatient)
            .OrderBy(e => e.Begntime).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        for (var i = _max; i < visits.Count; i++)
        {
            var visit = visits[i];
            if (!Definition.IsEffectiveOn(visit.AdmissionDate))
                continue;
            var window = visits.Take(i + 1).Where(v => NationalTime.DaysBetween(v.AdmissionDate, visit.AdmissionDate) < _window).ToList();
            if (window.Count > _max)
                yield return new PersonHit(visit.FixmedinsCode, visit.MdtrtId, Hit.WithoutAmount(
                    $"{NationalTime.Format(window[0].AdmissionDate)} 至 {NationalTime.Format(visit.AdmissionDate)} {_window} 天内门诊 {window.Count} 次，超过 {_max} 次",
                    $"visits@{NationalTime.Format(visit.AdmissionDate)}"));
        }
    }
}
