using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Engine;

/// <summary>
/// The cross-episode audit state of one insured person, held by the person grain. Every change re-judges the
/// person's history, so an earlier episode arriving late still raises its findings on the right episode.
/// </summary>
public sealed class PersonAudit(RuleSet rules, string psnNo)
{
    private readonly Dictionary<string, PersonEpisode> _episodes = new(StringComparer.Ordinal);
    private List<Finding> _findings = [];

    public string PsnNo { get; } = psnNo;

    public IReadOnlyCollection<PersonEpisode> Episodes => _episodes.Values;

    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>Restores a persisted history and judges it once.</summary>
    public void Restore(IEnumerable<PersonEpisode> episodes)
    {
        foreach (var episode in episodes)
            _episodes[episode.Key] = episode;
        Judge();
    }

    /// <summary>Records (or replaces) an episode's facts and returns the person's findings after the change.</summary>
    public IReadOnlyList<Finding> Record(PersonEpisode episode)
    {
        _episodes[episode.Key] = episode;
        Judge();
        return _findings;
    }

    private void Judge()
    {
        var history = new PersonHistory(PsnNo, _episodes.Values.OrderBy(e => e.Begntime).ThenBy(e => e.Key, StringComparer.Ordinal).ToList());
        _findings = rules.PersonRules
            .SelectMany(rule => rule.Check(history).Select(hit =>
                FindingFactory.Create(rule, rules.Version, hit.FixmedinsCode, hit.MdtrtId, PsnNo, hit.Hit)))
            .ToList();
    }

    public IEnumerable<Finding> FindingsFor(string fixmedinsCode, string mdtrtId) =>
        _findings.Where(f => f.FixmedinsCode == fixmedinsCode && f.MdtrtId == mdtrtId);
}
