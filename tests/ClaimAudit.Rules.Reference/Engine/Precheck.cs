using ClaimAudit.Reference.Contracts;

namespace ClaimAudit.Reference.Engine;

/// <summary>
/// What a 事前/事中 check (3101/3102) judges, from its <c>trig_scen</c>: at registration (1–3) the person's history
/// only; while orders are entered or charged (4, 5) also the line and episode rules on the current orders; at
/// settlement or pre-settlement (6–9) every rule, the encounter treated as discharged.
/// </summary>
public enum PrecheckScope { Registration, Orders, Settlement }

/// <summary>
/// One encounter of a check: the episode as sent, its institution, its lines and the serials of the orders being checked
/// now. A current encounter carries the stored lines too where the cluster already held it (each <c>feedetl_sn</c>
/// once); a history encounter only what was sent (what is stored of it is in the <see cref="PersonRecord"/>).
/// </summary>
public sealed record PrecheckEncounter(
    Episode Episode,
    InstitutionProfile? Institution,
    IReadOnlyList<FeeLine> Lines,
    bool IsCurrent,
    IReadOnlyCollection<string> CurrentSns);

/// <summary>What the cluster holds of a person: the episodes and their lines (net of refunds) that cross-episode rules read.</summary>
public sealed record PersonRecord(IReadOnlyList<PersonEpisode> Episodes, IReadOnlyList<PersonLine> Lines)
{
    public static readonly PersonRecord Empty = new([], []);
}

/// <summary>
/// A what-if audit: the encounters sent, merged with what is stored of the person, judged by the same engine and rule
/// sets as lines sent for good, in memory only. Nothing it builds outlives the call.
/// </summary>
public static class Precheck
{
    /// <summary>
    /// The findings on the current encounters that the scope selects, those on the current orders first. An encounter
    /// being settled (scope <see cref="PrecheckScope.Settlement"/>) without a discharge time is judged as discharged at
    /// <paramref name="checkedAt"/> (or at its last line, when later).
    /// </summary>
    public static IReadOnlyList<Finding> Judge(
        RuleSetResolver ruleSets, string psnNo, IReadOnlyList<PrecheckEncounter> encounters, PersonRecord stored,
        PrecheckScope scope, DateTime checkedAt)
    {
        // Only the encounters being checked are judged as episodes; the others are history for the person's rules, where
        // what the cluster holds of them stands and the lines sent add to it.
        var audits = encounters.Where(e => e.IsCurrent).Select(e => (Encounter: e, Audit: Audit(ruleSets, e, scope, checkedAt))).ToList();
        var sentKeys = encounters.Select(e => e.Episode.Key).ToHashSet(StringComparer.Ordinal);
        var currentKeys = audits.Select(a => a.Encounter.Episode.Key).ToHashSet(StringComparer.Ordinal);
        var person = new PersonAudit(ruleSets, psnNo);
        person.Restore(stored.Episodes.Where(e => !sentKeys.Contains(e.Key)), stored.Lines.Where(l => !currentKeys.Contains(l.EpisodeKey)));
        foreach (var history in encounters.Where(e => !e.IsCurrent))
        {
            var episode = history.Episode;
            var held = stored.Lines.Where(l => l.EpisodeKey == episode.Key).Select(l => l.FeedetlSn).ToHashSet(StringComparer.Ordinal);
            person.Update(PersonEpisode.From(episode, history.Institution?.Admdvs),
                NetLines.Fold(history.Lines).Where(l => !held.Contains(l.Sn)).Select(l => PersonLine.From(episode, l)).ToList());
        }
        foreach (var (encounter, audit) in audits)
            person.Update(PersonEpisode.From(audit.Episode, encounter.Institution?.Admdvs), audit.AllPersonLines());

        var findings = new List<(Finding Finding, bool OnCurrentOrder)>();
        foreach (var (encounter, audit) in audits.Where(a => a.Encounter.IsCurrent))
        {
            var current = encounter.CurrentSns as IReadOnlySet<string> ?? encounter.CurrentSns.ToHashSet(StringComparer.Ordinal);
            bool OnCurrentOrder(Finding f) => f.FeedetlSns.Any(current.Contains) || f.RelatedSns.Any(current.Contains);
            var crossEpisode = person.FindingsFor(audit.Episode.FixmedinsCode, audit.Episode.MdtrtId).ToList();
            var own = scope switch
            {
                PrecheckScope.Registration => [],
                PrecheckScope.Orders => audit.Findings.Where(OnCurrentOrder),
                _ => audit.Findings,
            };
            findings.AddRange(own.Concat(crossEpisode).DistinctBy(f => f.FindingId).Select(f => (f, OnCurrentOrder(f))));
        }
        return findings
            .OrderByDescending(f => f.OnCurrentOrder)
            .ThenBy(f => f.Finding.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.FindingId, StringComparer.Ordinal)
            .Select(f => f.Finding)
            .ToList();
    }

    private static EpisodeAudit Audit(RuleSetResolver ruleSets, PrecheckEncounter encounter, PrecheckScope scope, DateTime checkedAt)
    {
        var episode = encounter.Episode;
        // As the grains do it: admitted, the lines, then a discharge when there is one to judge.
        var audit = new EpisodeAudit(ruleSets(encounter.Institution?.Admdvs), episode with { Endtime = null, DscgWay = null }, encounter.Institution);
        audit.Add(encounter.Lines);
        var endtime = !encounter.IsCurrent ? episode.Endtime
            : scope != PrecheckScope.Settlement ? null
            : episode.Endtime ?? Max(checkedAt, Max(episode.Begntime, encounter.Lines.Count == 0 ? episode.Begntime : encounter.Lines.Max(l => l.FeeOcurTime)));
        if (endtime is { } end)
            audit.Discharge(new DischargeInfo(end, episode.Diseinfo, episode.DscgWay));
        return audit;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
