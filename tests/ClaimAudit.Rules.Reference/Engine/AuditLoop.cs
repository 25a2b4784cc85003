using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.Kinds;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Engine;

/// <summary>
/// The engine in a plain loop, without actors or I/O: episodes and their persons judged in memory, as the grains
/// do it (admit, fee-line batches, discharge, the person told once per batch). The ceiling a cluster is measured
/// against, and a second opinion on its findings.
/// </summary>
public sealed class AuditLoop(RuleSet rules, int batchSize = 50)
{
    private readonly Dictionary<string, EpisodeAudit> _episodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PersonAudit> _persons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstitutionProfile> _institutions = new(StringComparer.Ordinal);

    public int Lines { get; private set; }

    public void Audit(EpisodeDocument document)
    {
        var episode = document.Episode;
        if (document.MedinsLv is { } level)
            _institutions[episode.FixmedinsCode] = new InstitutionProfile(episode.FixmedinsCode, null, level, null);
        var audit = _episodes[episode.Key] = new EpisodeAudit(rules, episode with { Endtime = null, DscgWay = null }, _institutions.GetValueOrDefault(episode.FixmedinsCode));
        if (!_persons.TryGetValue(episode.PsnNo, out var person))
            _persons[episode.PsnNo] = person = new PersonAudit(_ => rules, episode.PsnNo);
        person.Update(PersonEpisode.From(audit.Episode), []);
        foreach (var batch in document.Feedetail.Chunk(batchSize))
        {
            var outcome = audit.Add(batch);
            person.Update(PersonEpisode.From(audit.Episode), outcome.PersonLines);
            Lines += outcome.Accepted.Count;
        }
        if (episode.Endtime is { } end)
        {
            audit.Discharge(new DischargeInfo(end, episode.Diseinfo, episode.DscgWay));
            person.Update(PersonEpisode.From(audit.Episode), []);
        }
    }

    /// <summary>Every episode's final findings (its own and those its person addresses to it).</summary>
    public IEnumerable<Finding> Findings() => _episodes.Values.SelectMany(audit =>
    {
        audit.SetCrossEpisodeFindings(_persons[audit.Episode.PsnNo].FindingsFor(audit.Episode.FixmedinsCode, audit.Episode.MdtrtId));
        return audit.Findings;
    });
}
