using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>episode.readmission</c> (X): an inpatient admission 0–<c>window_days</c> (default 15) days after the
/// person's previous inpatient discharge at the same institution, with the same ICD-10 category (first three
/// characters of the main diagnosis). Not when the new episode declares a planned readmission
/// (<c>days_rinp_flag_31</c> = 1) or its category is exempt (<c>exempt_categories</c>, default Z51 chemotherapy,
/// Z49 dialysis). The finding is on the new episode; amount 0 (suspicious: manual review).
/// </summary>
public sealed class ReadmissionRule(RuleDefinition definition) : IPersonRule
{
    public const string Kind = "episode.readmission";

    private readonly int _windowDays = definition.Params.Int("window_days", 15);
    private readonly HashSet<string> _exempt = definition.Params.List("exempt_categories", ["Z51", "Z49"]).Select(c => c.ToUpperInvariant()).ToHashSet();

    public RuleDefinition Definition { get; } = definition;

    public bool JudgesEpisodes => true;

    public IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines)
    {
        var stays = history.Episodes.Where(e => e.Setting == Setting.Inpatient).ToList();
        foreach (var stay in stays)
        {
            if (stay.DeclaresPlannedReadmission || stay.Category is not { } category || _exempt.Contains(category)
                || !Definition.IsEffectiveOn(stay.AdmissionDate))
                continue;
            var previous = Previous(stays, stay);
            if (previous?.DischargeDate is not { } discharged || previous.Category != category)
                continue;
            var days = NationalTime.DaysBetween(discharged, stay.AdmissionDate);
            if (days < 0 || days > _windowDays)
                continue;
            yield return new PersonHit(stay.FixmedinsCode, stay.MdtrtId, Hit.WithoutAmount(
                $"出院 {days} 天后再次入院（前次 {previous.MdtrtId}，{NationalTime.Format(discharged)} 出院），主诊断类目同为 {category}，限 {_windowDays} 天",
                previous.Key));
        }
    }

    /// <summary>The person's latest discharged inpatient stay at the same institution that began before this one.</summary>
    private static PersonEpisode? Previous(List<PersonEpisode> stays, PersonEpisode stay) => stays
        .Where(p => p.FixmedinsCode == stay.FixmedinsCode && p.MdtrtId != stay.MdtrtId
                    && p.DischargeDate is { } d && d <= stay.AdmissionDate && p.Begntime < stay.Begntime)
        .OrderByDescending(p => p.Endtime)
        .ThenByDescending(p => p.Begntime)
        .ThenByDescending(p => p.MdtrtId, StringComparer.Ordinal)
        .FirstOrDefault();
}
