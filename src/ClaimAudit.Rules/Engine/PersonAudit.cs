using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Engine;

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
    // The lines in rows, found by their id (episode and serial); with the one episode part the lines of an episode
    // share here (lines from another silo each bring their own).
    private readonly PersonLineRows _lines = new();
    private readonly Dictionary<(IPersonRule Rule, PartitionKey Key), Members> _partitions = [];
    // A partition of a rule that needs two lines (IPersonRule.MinimumLines) is kept above only once a second line may
    // join it; until then its one line's row is known by a 64-bit hash of the partition: nearly every line is alone in
    // its duplicate-line partition, and an entry here (the hash and the row) is a fraction of one above.
    private readonly LonePartitions _alone = new();
    private readonly Func<(IPersonRule Rule, PartitionKey Key), ulong> _hashOf = HashOf;
    // Only partitions with findings hold a slot: most lines (every line is in a duplicate-line partition) never do.
    private readonly Dictionary<(IPersonRule Rule, PartitionKey Key), Finding[]> _slots = [];
    // What depends only on the episodes, rebuilt when one changes rather than on every batch.
    private List<RuleSet>? _sets;
    private IReadOnlyList<IPersonRule>? _rules;
    private Dictionary<IPersonRule, RuleSet>? _setOf;
    private PersonHistory? _history;
    // The partitions one update touched: per thread (an update runs on one thread without awaiting), not per person.
    [ThreadStatic]
    private static HashSet<(IPersonRule, PartitionKey)>? Touched;
    [ThreadStatic]
    private static List<PartitionKey>? Keys;
    // A partition's lines as its rule reads them: the rule's hits are taken before the next partition is gathered.
    [ThreadStatic]
    private static List<PersonLine>? PartitionLines;
    [ThreadStatic]
    private static List<(IPersonRule Rule, PartitionKey Key)>? Now;
    // The lines an update or a rebuild brings (with the line each replaced and its row), for Judge.
    [ThreadStatic]
    private static List<(PersonLine? Before, PersonLine Line, int Row)>? Changed;
    [ThreadStatic]
    private static List<(IPersonRule Rule, PartitionKey Key)>? Was;

    /// <summary>With another partition hash: tests give every partition the same one, to prove that a hash never decides a finding.</summary>
    internal PersonAudit(RuleSetResolver ruleSets, string psnNo, Func<(IPersonRule Rule, PartitionKey Key), ulong> hashOf)
        : this(ruleSets, psnNo) => _hashOf = hashOf;

    public string PsnNo { get; } = psnNo;

    public IReadOnlyCollection<PersonEpisode> Episodes => _episodes.Values;

    public IEnumerable<PersonLine> Lines => _lines.AsEnumerable();

    public IEnumerable<Finding> Findings => _slots.Values.SelectMany(f => f);

    /// <summary>
    /// Moves whenever a finding is raised or withdrawn or its amount or message changes: whoever recorded the findings
    /// at one version has nothing new to record at the same version (<see cref="Findings"/> is read in full otherwise).
    /// </summary>
    public int FindingsVersion { get; private set; }

    /// <summary>Restores a persisted history and judges it once.</summary>
    public void Restore(IEnumerable<PersonEpisode> episodes, IEnumerable<PersonLine> lines)
    {
        foreach (var episode in episodes)
            _episodes[episode.Key] = episode;
        // A rebuilt person's size is known: its line set and lone partitions (nearly one per line) are made at it, not doubled to it.
        if (lines.TryGetNonEnumeratedCount(out var count))
        {
            _lines.EnsureCapacity(count);
            _alone.EnsureCapacity(count);
        }
        var all = Changed ??= [];
        all.Clear();
        for (var row = 0; row < _lines.Count; row++) // the rows held before (none in a person rebuilt)
            all.Add((null, _lines[row], row));
        // Every row judged once with the line it holds last: the line given, rather than one made again from its row.
        foreach (var line in lines)
        {
            var shared = Shared(line);
            _lines.Put(shared, out var row);
            if (row < all.Count)
                all[row] = (null, shared, row);
            else
                all.Add((null, shared, row));
        }
        Judge(all, episodesChanged: true);
    }

    /// <summary>Records (or replaces) an episode's facts and some of its lines; answers the findings addressed to that episode.</summary>
    public IReadOnlyList<Finding> Update(PersonEpisode episode, IReadOnlyList<PersonLine> lines)
    {
        var episodeChanged = !_episodes.TryGetValue(episode.Key, out var known) || known != episode;
        _episodes[episode.Key] = episode;
        // A line sent again (its refund arrived) replaces the one before, whose partitions it may leave.
        var changed = Changed ??= [];
        changed.Clear(); // nothing of an update that failed part way on this thread
        for (var i = 0; i < lines.Count; i++)
        {
            var line = Shared(lines[i]);
            var before = _lines.Put(line, out var row);
            changed.Add((before, line, row));
        }
        Judge(changed, episodeChanged);
        return FindingsFor(episode.FixmedinsCode, episode.MdtrtId).ToList();
    }

    /// <summary>The line with its episode part as this person shares it (its rows keep codes by number, so only the episode needs sharing).</summary>
    private PersonLine Shared(PersonLine line)
    {
        var episode = _lines.Share(line.Episode);
        return ReferenceEquals(episode, line.Episode) ? line : line with { Episode = episode };
    }

    public IEnumerable<Finding> FindingsFor(string fixmedinsCode, string mdtrtId) =>
        Findings.Where(f => f.FixmedinsCode == fixmedinsCode && f.MdtrtId == mdtrtId);

    private static void PartitionsOf(IReadOnlyList<IPersonRule> personRules, PersonLine line, List<(IPersonRule Rule, PartitionKey Key)> partitions)
    {
        partitions.Clear();
        var keys = Keys ??= [];
        for (var r = 0; r < personRules.Count; r++) // by index: a foreach over the interface boxes an enumerator per line
        {
            var rule = personRules[r];
            keys.Clear();
            rule.PartitionsOf(line, keys);
            foreach (var key in keys)
                if (!partitions.Contains((rule, key)))
                    partitions.Add((rule, key));
        }
    }

    /// <summary>The rule set each person rule in use belongs to (the first, where sets share a rule).</summary>
    private static Dictionary<IPersonRule, RuleSet> SetsOf(List<RuleSet> sets)
    {
        var setOf = new Dictionary<IPersonRule, RuleSet>(ReferenceEqualityComparer.Instance);
        foreach (var set in sets)
            foreach (var rule in set.PersonRules)
                setOf.TryAdd(rule, set);
        return setOf;
    }

    private IEnumerable<RuleSet> RuleSetsInUse() => _episodes.Values.Select(e => ruleSets(e.Admdvs)).Distinct();

    /// <summary>Judges what the changed lines touched, and empties the list (a scratch list of the thread: it must keep no lines alive).</summary>
    private void Judge(List<(PersonLine? Before, PersonLine Line, int Row)> changed, bool episodesChanged)
    {
        if (episodesChanged)
            (_sets, _rules, _setOf, _history) = (null, null, null, null);
        var sets = _sets ??= RuleSetsInUse().ToList();
        // Nearly every person is judged by one set: its rules are used as they are, with no copy and no lookup kept.
        var personRules = _rules ??= sets.Count == 1 ? sets[0].PersonRules : sets.SelectMany(s => s.PersonRules).ToList();
        var setOf = sets.Count == 1 ? null : _setOf ??= SetsOf(sets);
        var touched = Touched ??= [];
        touched.Clear();
        var now = Now ??= [];
        var was = Was ??= [];
        foreach (var (before, line, row) in changed)
        {
            PartitionsOf(personRules, line, now);
            // A refund can move a line to another partition (the duplicate key holds the net count): leave the old one.
            // The old partitions are asked of the line as it was, rather than kept for every line.
            if (before is not null)
            {
                PartitionsOf(personRules, before, was);
                foreach (var old in was)
                {
                    if (now.Contains(old))
                        continue;
                    ref var left = ref CollectionsMarshal.GetValueRefOrNullRef(_partitions, old);
                    if (Unsafe.IsNullRef(ref left))
                    {
                        if (old.Rule.MinimumLines >= 2 && _hashOf(old) is var hash && _alone.TryGetRow(hash, out var alone) && alone == row)
                            _alone.Remove(hash);
                        continue;
                    }
                    left.Remove(row);
                    touched.Add(old);
                }
            }
            foreach (var partition in now)
            {
                ref var members = ref CollectionsMarshal.GetValueRefOrNullRef(_partitions, partition);
                if (!Unsafe.IsNullRef(ref members))
                    members.Add(row);
                else if (partition.Rule.MinimumLines < 2)
                    CollectionsMarshal.GetValueRefOrAddDefault(_partitions, partition, out _).Add(row);
                else if (before is not null && was.Contains(partition))
                    continue; // still alone in its partition (its row holds it as it is now): nothing to judge, and no finding it could have had
                else if (!Joined(partition, row))
                    continue; // alone in its partition now: likewise
                touched.Add(partition);
            }
        }
        changed.Clear();
        if (episodesChanged)
            foreach (var rule in personRules)
                if (rule.JudgesEpisodes)
                {
                    touched.Add((rule, PartitionKey.Whole));
                    touched.UnionWith(_partitions.Keys.Where(k => k.Rule == rule));
                }

        var history = _history ??= new PersonHistory(PsnNo, _episodes.Values.OrderBy(e => e.Begntime).ThenBy(e => e.Key, StringComparer.Ordinal).ToList());
        foreach (var (rule, key) in touched)
        {
            var set = setOf is null ? sets[0] : setOf[rule];
            _partitions.TryGetValue((rule, key), out var members);
            if (members.Count < rule.MinimumLines)
            {
                Set((rule, key), null);
                continue;
            }
            var lines = PartitionLines ??= [];
            lines.Clear();
            members.CollectInto(lines, _lines, rule.Definition);
            List<Finding>? findings = null;
            foreach (var hit in rule.Check(history, key, lines))
                // A region's rules judge only the episodes of that region.
                if (history.Find(EpisodeKey.Of(hit.FixmedinsCode, hit.MdtrtId)) is { } target && ruleSets(target.Admdvs) == set)
                    (findings ??= []).Add(FindingFactory.Create(rule, set.Version, hit.FixmedinsCode, hit.MdtrtId, PsnNo, hit.Hit));
            lines.Clear(); // the hits are taken: the scratch list must not keep the person's lines alive on this thread
            Set((rule, key), findings);
        }
    }

    /// <summary>A partition's findings now (none: null), counted in <see cref="FindingsVersion"/> when they differ as a recorder sees them.</summary>
    private void Set((IPersonRule Rule, PartitionKey Key) slot, List<Finding>? findings)
    {
        _slots.TryGetValue(slot, out var held);
        if (!SameToRecord(held, findings))
            FindingsVersion++;
        if (findings is null)
            _slots.Remove(slot);
        else
            _slots[slot] = [.. findings];
    }

    // The same findings, in the same order, with the same ids, amounts and messages.
    private static bool SameToRecord(Finding[]? held, List<Finding>? now)
    {
        if ((held?.Length ?? 0) != (now?.Count ?? 0))
            return false;
        for (var i = 0; i < (held?.Length ?? 0); i++)
            if (held![i].FindingId != now![i].FindingId || held[i].Amount != now[i].Amount || held[i].Message != now[i].Message)
                return false;
        return true;
    }

    /// <summary>
    /// A line enters a partition of a two-line rule that is not kept: alone, it is remembered by the partition's hash;
    /// with another line (or one its hash cannot tell apart), the partition is kept from now on, with every line in it.
    /// </summary>
    private bool Joined((IPersonRule Rule, PartitionKey Key) partition, int joiningRow)
    {
        var hash = _hashOf(partition);
        if (_alone.TryAdd(hash, joiningRow))
            return false;
        _alone.TryGetRow(hash, out var other);
        var members = new Members();
        // The line as it is now: the row holds a line sent again (its refund arrived) as sent last.
        if (other != joiningRow && InPartition(partition, _lines[other]))
        {
            // The line the hash remembers is the partition's other line: the usual duplicate.
            _alone.Remove(hash);
            members.Add(other);
            members.Add(joiningRow);
        }
        else
            // Two partitions share the hash (this line's own other partition among them), or the remembered line has
            // moved within this update: the partition's lines are looked for.
            for (var row = 0; row < _lines.Count; row++)
                if (InPartition(partition, _lines[row]))
                    members.Add(row);
        _partitions[partition] = members;
        return true;
    }

    private static bool InPartition((IPersonRule Rule, PartitionKey Key) partition, PersonLine line)
    {
        var keys = Keys ??= [];
        keys.Clear();
        partition.Rule.PartitionsOf(line, keys);
        return keys.Contains(partition.Key);
    }

    // Two independent 32-bit hashes of the rule and the key (process-local, like everything in this dictionary).
    private static ulong HashOf((IPersonRule Rule, PartitionKey Key) partition)
    {
        var rule = RuntimeHelpers.GetHashCode(partition.Rule);
        return ((ulong)(uint)HashCode.Combine(rule, partition.Key) << 32) | (uint)HashCode.Combine(partition.Key.Code, partition.Key.Price, partition.Key.Count, partition.Key.Number, ~rule);
    }

    /// <summary>
    /// A partition's lines by their rows (a line keeps its row), held in the partition's dictionary entry rather than
    /// an object of its own: nearly every partition (a line's duplicate key) holds one line, kept without a hash set.
    /// The default is the empty partition.
    /// </summary>
    private struct Members
    {
        private int _first; // row + 1; 0 for no line
        private HashSet<int>? _more;

        public readonly int Count => (_first == 0 ? 0 : 1) + (_more?.Count ?? 0);

        public void Add(int row)
        {
            if (_first == 0)
                _first = row + 1;
            else if (_first != row + 1)
                (_more ??= []).Add(row);
        }

        public void Remove(int row)
        {
            if (_first == row + 1)
            {
                _first = 0;
                if (_more is { Count: > 0 })
                {
                    var next = _more.First();
                    _more.Remove(next);
                    _first = next + 1;
                }
            }
            else
                _more?.Remove(row);
        }

        /// <summary>The members' lines the rule is in force on, made from their rows, first member first (without an enumerator object per partition judged).</summary>
        public readonly void CollectInto(List<PersonLine> lines, PersonLineRows all, RuleDefinition rule)
        {
            if (_first != 0)
                Collect(lines, all[_first - 1], rule);
            if (_more is not null)
                foreach (var row in _more)
                    Collect(lines, all[row], rule);
        }

        private static void Collect(List<PersonLine> lines, PersonLine line, RuleDefinition rule)
        {
            if (rule.IsEffectiveOn(line.Date))
                lines.Add(line);
        }
    }
}
