using System.Text.Json;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Review;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Tests.Differential;

/// <summary>The engine under development, driven as EpisodeGrain and PersonGrain drive it.</summary>
/// <param name="personPartitionHash">Another hash for the person's partitions (<see cref="PersonAudit"/>), to prove a shared one decides nothing.</param>
internal sealed class LiveEngine(RuleSetCatalog catalog, TimeProvider clock, Func<(IPersonRule Rule, PartitionKey Key), ulong>? personPartitionHash = null)
    : IEngineUnderTest
{
    private readonly Dictionary<string, EpisodeAudit> _episodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PersonAudit> _persons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstitutionProfile> _institutions = new(StringComparer.Ordinal);
    // Each episode's log, as the grain's store keeps it: the engine holds only what its rules read.
    private readonly Dictionary<string, List<FeeLine>> _logs = new(StringComparer.Ordinal);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, NationalJson.Options)!;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, NationalJson.Options);

    public IReadOnlyList<string> Apply(EngineEvent e)
    {
        var answer = new List<string>();
        switch (e)
        {
            case EngineEvent.Admit admit:
                {
                    var episode = Read<Episode>(admit.EpisodeJson);
                    if (admit.InstitutionJson is not null)
                        _institutions[episode.FixmedinsCode] = Read<InstitutionProfile>(admit.InstitutionJson);
                    var institution = _institutions.GetValueOrDefault(episode.FixmedinsCode);
                    var audit = _episodes[admit.Key] = new EpisodeAudit(catalog.For(institution?.Admdvs), episode, institution, clock);
                    UpdatePerson(audit, audit.AllPersonLines());
                    break;
                }
            case EngineEvent.Lines lines:
                {
                    var audit = _episodes[lines.Key];
                    var outcome = audit.Add(Read<List<FeeLine>>(lines.LinesJson));
                    if (!_logs.TryGetValue(lines.Key, out var log))
                        _logs[lines.Key] = log = [];
                    log.AddRange(outcome.Accepted);
                    answer.Add(Json(new
                    {
                        accepted = outcome.Accepted.Select(l => l.FeedetlSn),
                        outcome.Duplicates,
                        conflicts = outcome.Conflicts.Select(c => $"{c.Index}:{c.Error}"),
                        findings = outcome.Findings.Select(audit.Reviews.Present).OrderBy(f => f.FindingId, StringComparer.Ordinal),
                        person_lines = outcome.PersonLines,
                    }));
                    UpdatePerson(audit, outcome.PersonLines);
                    break;
                }
            case EngineEvent.Discharge discharge:
                {
                    var audit = _episodes[discharge.Key];
                    audit.Discharge(Read<DischargeInfo>(discharge.DischargeJson));
                    UpdatePerson(audit, []);
                    answer.Add(Json(audit.PeriodTotals()));
                    break;
                }
            case EngineEvent.Register register:
                {
                    var institution = Read<InstitutionProfile>(register.InstitutionJson);
                    _institutions[institution.FixmedinsCode] = institution;
                    foreach (var (key, audit) in _episodes.Where(x => x.Value.Episode.FixmedinsCode == institution.FixmedinsCode && !x.Value.Episode.IsDischarged).OrderBy(x => x.Key, StringComparer.Ordinal))
                    {
                        audit.Reset(audit.Episode, institution, catalog.For(institution.Admdvs));
                        UpdatePerson(audit, audit.AllPersonLines());
                        answer.Add(key + " " + Json(audit.TakeChangedFindings().OrderBy(f => f.FindingId, StringComparer.Ordinal)));
                    }
                    return answer;
                }
            case EngineEvent.Reactivate reactivate:
                {
                    var old = _episodes[reactivate.Key];
                    var institution = _institutions.GetValueOrDefault(old.Episode.FixmedinsCode);
                    var audit = _episodes[reactivate.Key] = new EpisodeAudit(catalog.For(institution?.Admdvs), old.Episode, institution, clock);
                    audit.Reviews.Restore(Saved(reactivate.Key));
                    audit.Restore(_logs.GetValueOrDefault(reactivate.Key) ?? []);
                    audit.RestoreWithdrawn(old.Withdrawn);
                    audit.TakeChangedFindings();
                    audit.SetCrossEpisodeFindings(_persons[audit.Episode.PsnNo].FindingsFor(audit.Episode.FixmedinsCode, audit.Episode.MdtrtId).Select(ReviewLedger.Upgraded));
                    audit.ReconcileReviews();
                    break;
                }
            case EngineEvent.Review review:
                {
                    var audit = _episodes[review.Key];
                    var present = audit.Findings.OrderBy(f => f.FindingId, StringComparer.Ordinal).ToList();
                    if (present.Count == 0)
                        return answer;
                    var finding = present[review.Nth % present.Count];
                    var refusal = audit.Reviews.Transition(finding, Enum.Parse<ReviewAction>(review.Action), new Actor("审核员", "reviewer"), clock.GetUtcNow(), "理由", []);
                    answer.Add(refusal is null ? "accepted" : $"refused {refusal.Current} {refusal.Reason}");
                    break;
                }
        }
        var touched = _episodes[Key(e)];
        answer.Add(Json(touched.TakeChangedFindings().OrderBy(f => f.FindingId, StringComparer.Ordinal)));
        SaveEvents(Key(e), touched.Reviews.TakeUnsaved());
        answer.Add(Json(touched.Totals()));
        answer.Add(Json(touched.Coverage()));
        return answer;
    }

    public IReadOnlyList<string> Final()
    {
        var final = new List<string>();
        foreach (var (key, audit) in _episodes.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            audit.SetCrossEpisodeFindings(_persons[audit.Episode.PsnNo].FindingsFor(audit.Episode.FixmedinsCode, audit.Episode.MdtrtId));
            final.Add($"{key} findings {Json(audit.Findings.OrderBy(f => f.FindingId, StringComparer.Ordinal))}");
            final.Add($"{key} withdrawn {Json(audit.Withdrawn.OrderBy(f => f.FindingId, StringComparer.Ordinal))}");
            final.Add($"{key} history {Json(audit.Findings.Concat(audit.Withdrawn).Select(f => f.FindingId).Distinct().Order(StringComparer.Ordinal).Select(audit.Reviews.HistoryOf))}");
            final.Add($"{key} totals {Json(audit.Totals())} {Json(audit.PeriodTotals())} lines {audit.LineCount}");
            final.Add($"{key} coverage {Json(audit.Coverage())}");
        }
        foreach (var (psn, person) in _persons.OrderBy(x => x.Key, StringComparer.Ordinal))
            final.Add($"{psn} {Json(person.Findings.OrderBy(f => f.FindingId, StringComparer.Ordinal))}");
        return final;
    }

    // The review events a grain would have written to the store, for a rebuild to read back.
    private readonly Dictionary<string, List<FindingEvent>> _saved = new(StringComparer.Ordinal);

    private void SaveEvents(string key, IReadOnlyList<FindingEvent> events)
    {
        if (!_saved.TryGetValue(key, out var list))
            _saved[key] = list = [];
        list.AddRange(events);
    }

    private IEnumerable<FindingEvent> Saved(string key) => _saved.GetValueOrDefault(key) ?? [];

    private static string Key(EngineEvent e) => e switch
    {
        EngineEvent.Admit a => a.Key,
        EngineEvent.Lines l => l.Key,
        EngineEvent.Discharge d => d.Key,
        EngineEvent.Reactivate r => r.Key,
        EngineEvent.Review r => r.Key,
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    private void UpdatePerson(EpisodeAudit audit, IReadOnlyList<PersonLine> lines)
    {
        var institution = _institutions.GetValueOrDefault(audit.Episode.FixmedinsCode);
        if (!_persons.TryGetValue(audit.Episode.PsnNo, out var person))
            _persons[audit.Episode.PsnNo] = person = personPartitionHash is null
                ? new PersonAudit(catalog.For, audit.Episode.PsnNo)
                : new PersonAudit(catalog.For, audit.Episode.PsnNo, personPartitionHash);
        audit.SetCrossEpisodeFindings(person.Update(PersonEpisode.From(audit.Episode, institution?.Admdvs), lines));
    }
}
