using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.Kinds;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Engine;

/// <summary>Finds the rule set in force for a region (<c>admdvs</c>); null or unknown regions get the national set.</summary>
public delegate RuleSet RuleSetResolver(string? admdvs);

/// <summary>
/// The cross-episode audit state of one insured person, held by the person grain: the person's episodes and
/// lines (net of refunds), partitioned per rule like an episode's. An update re-judges only what it touched, and
/// the findings depend only on the facts present — so an earlier episode arriving late still raises its findings
/// on the right episode. Each episode is judged by the rules of its own region.
/// </summary>
public sealed class PersonAudit(RuleSetResolver ruleSets, string psnNo)
{
    private readonly Dictionary<string, PersonEpisode> _episodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Episode, string Sn), PersonLine> _lines = [];
    private readonly Dictionary<(IPersonRule Rule, string Key), HashSet<(string, string)>> _partitions = [];
    private readonly Dictionary<(string Episode, string Sn), HashSet<(IPersonRule Rule, string Key)>> _partitionsOfLine = [];
    private readonly Dictionary<(IPersonRule Rule, string Key), Finding[]> _slots = [];

    public string PsnNo { get; } = psnNo;

    public IReadOnlyCollection<PersonEpisode> Episodes => _episodes.Values;

    public IEnumerable<PersonLine> Lines => _lines.Values;

    public IEnumerable<Finding> Findings => _slots.Values.SelectMany(f => f);

    /// <summary>Restores a persisted history and judges it once.</summary>
    public void Restore(IEnumerable<PersonEpisode> episodes, IEnumerable<PersonLine> lines)
    {
        foreach (var episode in episodes)
            _episodes[episode.Key] = episode;
        foreach (var line in lines)
            _lines[(line.EpisodeKey, line.FeedetlSn)] = line;
        Judge(_lines.Values.ToList(), episodesChanged: true);
    }

    /// <summary>Records (or replaces) an episode's facts and some of its lines; answers the findings addressed to that episode.</summary>
    public IReadOnlyList<Finding> Update(PersonEpisode episode, IReadOnlyList<PersonLine> lines)
    {
        var episodeChanged = !_episodes.TryGetValue(episode.Key, out var known) || known != episode;
        _episodes[episode.Key] = episode;
        foreach (var line in lines)
            _lines[(line.EpisodeKey, line.FeedetlSn)] = line;
        Judge(lines, episodeChanged);
        return FindingsFor(episode.FixmedinsCode, episode.MdtrtId).ToList();
    }

    public IEnumerable<Finding> FindingsFor(string fixmedinsCode, string mdtrtId) =>
        Findings.Where(f => f.FixmedinsCode == fixmedinsCode && f.MdtrtId == mdtrtId);

    private IEnumerable<RuleSet> RuleSetsInUse() => _episodes.Values.Select(e => ruleSets(e.Admdvs)).Distinct();

    private void Judge(IEnumerable<PersonLine> changed, bool episodesChanged)
    {
        var touched = new HashSet<(IPersonRule, string)>();
        var sets = RuleSetsInUse().ToList();
        var personRules = sets.SelectMany(s => s.PersonRules).ToList();
        foreach (var line in changed)
        {
            // A refund can move a line to another partition (the duplicate key holds the net count): leave the old one.
            var id = (line.EpisodeKey, line.FeedetlSn);
            var now = personRules.SelectMany(rule => rule.PartitionsOf(line).Select(key => (rule, key))).ToHashSet();
            if (_partitionsOfLine.TryGetValue(id, out var before))
                foreach (var old in before.Where(p => !now.Contains(p)))
                {
                    _partitions[old].Remove(id);
                    touched.Add(old);
                }
            foreach (var partition in now)
            {
                if (!_partitions.TryGetValue(partition, out var members))
                    _partitions[partition] = members = [];
                members.Add(id);
                touched.Add(partition);
            }
            _partitionsOfLine[id] = now;
        }
        foreach (var rule in personRules)
        {
            if (episodesChanged && rule.JudgesEpisodes)
            {
                touched.Add((rule, ""));
                touched.UnionWith(_partitions.Keys.Where(k => k.Rule == rule));
            }
        }

        var history = new PersonHistory(PsnNo, _episodes.Values.OrderBy(e => e.Begntime).ThenBy(e => e.Key, StringComparer.Ordinal).ToList());
        foreach (var (rule, key) in touched)
        {
            var set = sets.First(s => s.PersonRules.Contains(rule));
            var lines = _partitions.TryGetValue((rule, key), out var members)
                ? members.Select(m => _lines[m]).Where(l => rule.Definition.IsEffectiveOn(l.Date)).ToList()
                : [];
            _slots[(rule, key)] = rule.Check(history, key, lines)
                // A region's rules judge only the episodes of that region.
                .Where(hit => history.Find(EpisodeKey.Of(hit.FixmedinsCode, hit.MdtrtId)) is { } target && ruleSets(target.Admdvs) == set)
                .Select(hit => FindingFactory.Create(rule, set.Version, hit.FixmedinsCode, hit.MdtrtId, PsnNo, hit.Hit))
                .ToArray();
        }
    }
}
