using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Review;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Engine;

/// <summary>
/// The audit state of one episode, held by its grain: the lines as received (refunds folded into the lines they
/// refund), the partitions each episode rule judges, and the current findings. A batch re-judges only the lines
/// and partitions it touched. Findings are a function of the lines present, not of how they arrived.
/// </summary>
public sealed class EpisodeAudit
{
    // The originals in columns (found by serial there); refunds are few and kept whole, by their own serial, and (while the
    // line they refund has not arrived) by that line's. The refund tables are made when the first refund comes: most
    // episodes have none, and a resident episode keeps every table it has.
    private readonly LineColumns _originals = new();
    private Dictionary<string, FeeLine>? _refundLines;
    private Dictionary<string, List<FeeLine>>? _waiting;
    // The rows one rule judges together. Each line is placed once, so a list holds the members without a hash per line.
    private readonly Dictionary<(int Rule, PartitionKey Key), List<int>> _partitions = [];
    // The rows of each code read by a rule whose partitions are every line of some codes (IEpisodeRule.CodesOf): a
    // line is kept here once, however many of those partitions its code is in.
    private readonly Dictionary<string, List<int>> _rowsOfCode = new(StringComparer.Ordinal);
    // A slot is one rule's verdict on one line (line rules) or one partition (episode rules): keyed by the rule and
    // the line's row or the partition, so no key string is built per line and rule.
    private readonly Dictionary<SlotKey, Finding[]> _slots = [];
    private Dictionary<string, Finding>? _withdrawn;
    private readonly Dictionary<string, Finding> _changed = new(StringComparer.Ordinal);
    // Lines each rule of Rules.Rules (by index) could not judge for missing data; null until one could not.
    private int[]? _lacking;
    private IReadOnlyList<Finding> _crossEpisode = [];
    private PersonLineEpisode? _lineEpisode;
    private int _refundCount;
    private decimal _amount;

    private readonly TimeProvider _clock;

    private static readonly IReadOnlySet<string> NoCodes = new HashSet<string>();

    // Scratch sets of one batch, per thread rather than per episode: a call runs on one thread without awaiting, and an
    // episode must not keep a set the size of its largest batch (or of its discharge) for as long as it is resident.
    [ThreadStatic]
    private static HashSet<string>? Billed;
    [ThreadStatic]
    private static HashSet<string>? TouchedLines;
    [ThreadStatic]
    private static HashSet<string>? FirstJudged;
    [ThreadStatic]
    private static HashSet<(int, PartitionKey)>? TouchedPartitions;
    [ThreadStatic]
    private static List<PartitionKey>? Keys;
    // A partition's lines as its rule reads them: the rule's hits are taken before the next partition is gathered.
    [ThreadStatic]
    private static List<NetLine>? PartitionLines;

    public EpisodeAudit(RuleSet rules, Episode episode, InstitutionProfile? institution, TimeProvider? clock = null)
    {
        Rules = rules;
        Context = new AuditContext(episode, institution);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>People's decisions on this episode's findings, and what new data did to the decided ones.</summary>
    public ReviewLedger Reviews { get; } = new();

    public RuleSet Rules { get; private set; }

    public AuditContext Context { get; private set; }

    public Episode Episode => Context.Episode;

    public int LineCount => _originals.Count + _refundCount;

    /// <summary>Current findings, each in the state its review history gives it: this episode's own and the cross-episode ones addressed to it.</summary>
    public IEnumerable<Finding> Findings => Found.Select(Reviews.Present);

    /// <summary>Current findings as the rules found them, before any decision.</summary>
    private IEnumerable<Finding> Found => _slots.Values.SelectMany(f => f).Concat(_crossEpisode);

    /// <summary>Findings that were raised and later no longer held.</summary>
    public IEnumerable<Finding> Withdrawn => _withdrawn?.Values ?? Enumerable.Empty<Finding>();

    public BatchOutcome Add(IReadOnlyList<FeeLine> batch)
    {
        var accepted = new List<FeeLine>(batch.Count); // nearly every line of a batch is new
        var duplicates = new List<string>();
        var conflicts = new List<(int Index, FieldError Error)>();
        var touched = Take(batch, accepted, duplicates, conflicts);
        return new BatchOutcome(accepted, duplicates, conflicts, FindingsOn(touched), PersonLines(touched));
    }

    /// <summary>
    /// Rebuilds the episode from its log (a reactivation): the state adding the log as one batch leaves, without
    /// that batch's answer — its findings and the person's lines — which nobody reads. A serial logged twice counts once.
    /// </summary>
    public void Restore(IReadOnlyList<FeeLine> log)
    {
        // Into an episode that holds no line yet (an activation), every line is new: they are judged and placed row by row,
        // without sets of the serials touched and first judged, and the index is made at the log's size at once.
        var restoring = LineCount == 0;
        if (restoring)
            _originals.EnsureCapacity(log.Count);
        Take(log, null, null, null, restoring);
    }

    /// <summary>Takes a batch's new lines, folds its refunds and judges what it touched; answers the serials it touched.</summary>
    private HashSet<string> Take(IReadOnlyList<FeeLine> batch, List<FeeLine>? accepted, List<string>? duplicates, List<(int Index, FieldError Error)>? conflicts,
        bool restoring = false)
    {
        var touched = TouchedLines ??= new(StringComparer.Ordinal);
        touched.Clear();
        var firstJudged = FirstJudged ??= new(StringComparer.Ordinal);
        firstJudged.Clear();
        for (var i = 0; i < batch.Count; i++)
        {
            var line = batch[i];
            var original = line.IsRefund ? line.InitFeedetlSn! : line.FeedetlSn;
            if (Received(line) is { } same)
            {
                if (same)
                {
                    duplicates?.Add(line.FeedetlSn);
                    if (!restoring)
                        touched.Add(original);
                }
                else
                    conflicts?.Add((i, new FieldError("feedetl_sn", $"'{line.FeedetlSn}' was already received with different content")));
                continue;
            }
            accepted?.Add(line);
            if (!restoring)
                touched.Add(original);
            _amount += line.DetItemFeeSumamt;
            if (line.IsRefund)
            {
                _refundCount++;
                (_refundLines ??= new(StringComparer.Ordinal))[line.FeedetlSn] = line;
                if (_originals.RowOf(original) is >= 0 and var refunded)
                    _originals.Fold(refunded, line);
                else if (_waiting?.TryGetValue(original, out var list) ?? false)
                    list.Add(line);
                else
                    (_waiting ??= new(StringComparer.Ordinal))[original] = [line];
            }
            else
            {
                var row = _originals.Add(line);
                if (_waiting is not null && _waiting.Remove(line.FeedetlSn, out var refunds))
                    foreach (var refund in refunds)
                        _originals.Fold(row, refund);
                if (!restoring)
                    firstJudged.Add(line.FeedetlSn);
                CountLacking(_originals[row]);
            }
        }

        if (restoring)
            Judge(null, null, placeAll: true);
        else
            Judge(touched, firstJudged);
        return touched;
    }

    /// <summary>Whether a line with this serial was received already (null when not), and if so whether as this one.</summary>
    private bool? Received(FeeLine line)
    {
        if (_originals.RowOf(line.FeedetlSn) is >= 0 and var row)
            return _originals.IsReceivedAs(row, line);
        return _refundLines is not null && _refundLines.TryGetValue(line.FeedetlSn, out var refund) ? refund == line : null;
    }

    /// <summary>
    /// 2402: the discharge time and final diagnoses make the answer authoritative. Only the rules whose verdict reads
    /// the discharge are judged again (<see cref="IRule.ReadsDischarge"/>); the others' findings stand as they are, and
    /// every current finding is reported as changed, as a full re-judging would.
    /// </summary>
    public void Discharge(DischargeInfo discharge)
    {
        Context = new AuditContext(Episode with
        {
            Endtime = discharge.Endtime,
            Diseinfo = discharge.Diseinfo.Count > 0 ? discharge.Diseinfo : Episode.Diseinfo,
            DscgWay = discharge.DscgWay ?? Episode.DscgWay,
        }, Context.Institution);
        var rejudged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules.Rules)
            if (RejudgedAtDischarge(rule))
                rejudged.Add(rule.Definition.Id);
        foreach (var (slot, findings) in _slots.ToList())
        {
            if (rejudged.Contains(slot.RuleId))
                SetSlot(slot, []);
            else
                foreach (var finding in findings)
                    _changed[finding.FindingId] = finding;
        }
        // The rules judged again, by index: asked once here rather than by id for every line of the stay.
        Span<bool> recounted = stackalloc bool[Rules.Rules.Count];
        for (var r = 0; r < Rules.Rules.Count; r++)
            if ((recounted[r] = rejudged.Contains(Rules.Rules[r].Definition.Id)) && _lacking is not null)
                _lacking[r] = 0;
        for (var row = 0; row < _originals.Count; row++)
            CountLacking(_originals[row], recounted);
        Judge(null, null, rejudged);
    }

    private static bool RejudgedAtDischarge(IRule rule) => rule.ReadsDischarge || rule is IEpisodeRule { AwaitsDischarge: true };

    /// <summary>New episode or institution attributes, or a new rule set: every rule is judged again on the lines present.</summary>
    public void Reset(Episode episode, InstitutionProfile? institution, RuleSet? rules = null)
    {
        // Partitions depend on the rules and on the line and the episode's setting only (IEpisodeRule.PartitionsOf):
        // a discharge or a new institution level keeps them, so only a new rule set or med_type builds them again.
        var partitionsCleared = (rules is not null && !ReferenceEquals(rules, Rules)) || episode.MedType != Episode.MedType;
        if (partitionsCleared)
        {
            _partitions.Clear();
            _rowsOfCode.Clear();
        }
        Rules = rules ?? Rules;
        Context = new AuditContext(episode, institution);
        _lineEpisode = null; // med_type may have changed
        _lacking = null;
        for (var row = 0; row < _originals.Count; row++)
            CountLacking(_originals[row]);
        foreach (var slot in _slots.Keys.ToList())
            SetSlot(slot, []);
        Judge(null, null, placeAll: partitionsCleared);
    }

    /// <summary>
    /// Findings of this episode's own rules that were withdrawn before it was last deactivated (kept by the read
    /// model): a rebuild from the lines alone knows only what holds now, not what was raised and withdrawn on the way.
    /// </summary>
    public void RestoreWithdrawn(IEnumerable<Finding> withdrawn)
    {
        var active = _slots.Values.SelectMany(f => f).Select(f => f.FindingId).ToHashSet(StringComparer.Ordinal);
        var personRules = Rules.PersonRules.Select(r => r.Definition.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var finding in withdrawn)
            if (finding.Status == FindingStatus.Withdrawn && !active.Contains(finding.FindingId) && !personRules.Contains(finding.RuleId))
                (_withdrawn ??= new(StringComparer.Ordinal)).TryAdd(finding.FindingId, finding);
    }

    /// <summary>Cross-episode findings (from the person) that belong to this episode; decided ones that changed move as their history says.</summary>
    public void SetCrossEpisodeFindings(IEnumerable<Finding> findings)
    {
        var now = findings.Where(f => f.FixmedinsCode == Episode.FixmedinsCode && f.MdtrtId == Episode.MdtrtId).ToList();
        var ids = now.Select(f => f.FindingId).ToHashSet(StringComparer.Ordinal);
        Reviews.Reconcile(now.Concat(_crossEpisode.Where(f => !ids.Contains(f.FindingId)).Select(f => f with { Status = FindingStatus.Withdrawn })), _clock.GetUtcNow());
        _crossEpisode = now;
    }

    /// <summary>After a rebuild (reactivation, new rules): decided findings whose amount or presence changed move as their history says.</summary>
    public void ReconcileReviews() => Reviews.Reconcile(Found.Concat(Withdrawn), _clock.GetUtcNow());

    /// <summary>Every original line as the person's history holds it (for rebuilding a person).</summary>
    public IReadOnlyList<PersonLine> AllPersonLines()
    {
        var episode = LineEpisode;
        var lines = new List<PersonLine>(_originals.Count);
        for (var row = 0; row < _originals.Count; row++)
            lines.Add(PersonLine.From(episode, _originals[row]));
        return lines;
    }

    /// <summary>Counts and amounts kept as lines arrive; the deduction looks only at the lines findings name, so a batch's cost does not grow with the episode.</summary>
    public EpisodeTotals Totals()
    {
        var deducting = Findings.Where(f => f.Deducts).ToList();
        var netAmounts = deducting.SelectMany(f => f.FeedetlSns).Distinct()
            .ToDictionary(sn => sn, sn => Net(sn)?.Amount ?? 0, StringComparer.Ordinal);
        return new EpisodeTotals(_originals.Count, _refundCount, _amount, Deductions.Reconcile(deducting, netAmounts));
    }

    /// <summary>
    /// What this episode adds to its institution's period (the month of discharge). Drug, consumable and self-pay
    /// amounts are the inpatient ones (住院药占比 …): outpatient 慢特病 drugs would otherwise dominate every share.
    /// </summary>
    public PeriodTotals PeriodTotals()
    {
        var period = (Episode.Endtime ?? Episode.Begntime).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var nets = Originals().ToList();
        var amount = nets.Sum(l => l.Amount);
        if (Episode.Setting != Setting.Inpatient)
            return new PeriodTotals(period, 1, 0, amount, 0, 0, 0, 0, 0);
        var stayDays = Episode.DischargeDate is { } d ? Math.Max(1, NationalTime.DaysBetween(Episode.AdmissionDate, d)) : 0;
        return new PeriodTotals(period, 1, 1, amount,
            nets.Where(l => ChargeTypes.IsDrug(l.MedChrgitmType)).Sum(l => l.Amount),
            nets.Where(l => ChargeTypes.IsConsumable(l.MedChrgitmType)).Sum(l => l.Amount),
            nets.Where(l => l.ChrgitmLv == "03").Sum(l => l.Amount),
            stayDays,
            amount);
    }

    /// <summary>Which rules judged this episode, and which could not for missing data ("no data" is never a pass).</summary>
    public Coverage Coverage(IEnumerable<IPersonRule>? personRules = null)
    {
        var run = new List<string>();
        var skipped = new List<RuleSkip>();
        for (var r = 0; r < Rules.Rules.Count; r++)
        {
            var rule = Rules.Rules[r];
            var id = rule.Definition.Id;
            if (rule.MissingData(Context) is { } missing)
                skipped.Add(new RuleSkip(id, rule.Definition.Kind, missing));
            else if (rule is IEpisodeRule { AwaitsDischarge: true } && !Episode.IsDischarged)
                skipped.Add(new RuleSkip(id, rule.Definition.Kind, "judged at discharge"));
            else
            {
                run.Add(id);
                if (_lacking?[r] is > 0 and var count)
                    skipped.Add(new RuleSkip(id, rule.Definition.Kind, $"{count} line(s): {rule.LackingDataReason}"));
            }
        }
        return new Coverage(run, skipped);
    }

    public NetLine? Net(string sn) => _originals.RowOf(sn) is >= 0 and var row ? _originals[row] : null;

    private IEnumerable<NetLine> Originals()
    {
        for (var row = 0; row < _originals.Count; row++)
            yield return _originals[row];
    }

    /// <summary>The current findings that name one of these lines, in their review state (in the order of <see cref="Found"/>).</summary>
    private List<Finding> FindingsOn(HashSet<string> sns)
    {
        // Loops rather than Found.Where(… Any …): that made an enumerator per finding per batch.
        var on = new List<Finding>();
        foreach (var findings in _slots.Values)
            foreach (var finding in findings)
                if (Names(finding, sns))
                    on.Add(Reviews.Present(finding));
        foreach (var finding in _crossEpisode)
            if (Names(finding, sns))
                on.Add(Reviews.Present(finding));
        return on;
    }

    private static bool Names(Finding finding, HashSet<string> sns) => AnyIn(finding.FeedetlSns, sns) || AnyIn(finding.RelatedSns, sns);

    private static bool AnyIn(IReadOnlyList<string> names, HashSet<string> sns)
    {
        for (var i = 0; i < names.Count; i++)
            if (sns.Contains(names[i]))
                return true;
        return false;
    }

    /// <summary>The episode's part as the person shares it, one object for all its lines, so the person keeps them without a copy.</summary>
    private PersonLineEpisode LineEpisode =>
        _lineEpisode ??= SharedText.Share(new PersonLineEpisode(Episode.FixmedinsCode, Episode.MdtrtId, Episode.MedType));

    private List<PersonLine> PersonLines(HashSet<string> sns)
    {
        // A loop, not OfType, which boxes each line's nullable on its way through.
        var lines = new List<PersonLine>(sns.Count);
        var episode = LineEpisode;
        foreach (var sn in sns)
            if (Net(sn) is { } net)
                lines.Add(PersonLine.From(episode, net, sn));
        return lines;
    }

    /// <summary>Counts the rules that lack data on the line: every rule, or those marked in <paramref name="only"/> (by index in <see cref="RuleSet.Rules"/>).</summary>
    private void CountLacking(NetLine line, ReadOnlySpan<bool> only = default)
    {
        var rules = Rules.Rules;
        var reading = Rules.For(line).Any;
        for (var r = 0; r < rules.Count; r++) // by index: a foreach over the interface boxes an enumerator per line
            if (CodeRules.Has(reading, r) && (only.IsEmpty || only[r]) && rules[r].LacksData(Context, line))
                (_lacking ??= new int[rules.Count])[r]++;
    }

    /// <summary>
    /// Judges the touched lines (every line when <paramref name="touchedSns"/> is null: a discharge, a reset) and the
    /// partitions they are in, by every rule or by the rules named in <paramref name="only"/>. The lines of
    /// <paramref name="firstJudged"/> (a batch's new originals), or every line with <paramref name="placeAll"/> (the
    /// partitions were cleared), are placed in their partitions: a line is first judged in the batch that brings it,
    /// so no set of the lines placed is kept.
    /// </summary>
    private void Judge(HashSet<string>? touchedSns, HashSet<string>? firstJudged, HashSet<string>? only = null, bool placeAll = false)
    {
        var touchedPartitions = TouchedPartitions ??= [];
        touchedPartitions.Clear();
        var keys = Keys ??= []; // the thread's scratch list, looked up once per batch rather than per line
        var lineRules = Rules.LineRules;
        // Whether each line rule can judge this episode at all: asked once per batch, not per line.
        Span<bool> judging = stackalloc bool[lineRules.Count];
        Span<bool> asked = stackalloc bool[lineRules.Count];
        for (var r = 0; r < lineRules.Count; r++)
        {
            asked[r] = only is null || only.Contains(lineRules[r].Definition.Id);
            judging[r] = lineRules[r].MissingData(Context) is null;
        }
        var episodeRules = Rules.EpisodeRules;
        Span<bool> partitionsAsked = stackalloc bool[episodeRules.Count];
        for (var r = 0; r < episodeRules.Count; r++)
            partitionsAsked[r] = only is null || only.Contains(episodeRules[r].Definition.Id);
        if (touchedSns is null)
            // Row by row: a discharge judges every line without a set of the stay's serials.
            for (var row = 0; row < _originals.Count; row++)
                JudgeLine(row, placeAll, asked, judging, partitionsAsked, touchedPartitions, keys);
        else
            foreach (var sn in touchedSns)
            {
                var row = _originals.RowOf(sn);
                if (row < 0)
                    continue; // a refund whose original has not arrived yet waits for it
                // A line judged for the first time has no verdicts to replace: a pass needs no slot looked up.
                JudgeLine(row, firstJudged?.Contains(sn) ?? false, asked, judging, partitionsAsked, touchedPartitions, keys);
            }
        JudgePartitions(touchedPartitions);
    }

    /// <summary>One line by the line rules asked, and its place in the partitions of the episode rules (which it marks touched).</summary>
    private void JudgeLine(int row, bool place, ReadOnlySpan<bool> asked, ReadOnlySpan<bool> judging, ReadOnlySpan<bool> partitionsAsked,
        HashSet<(int, PartitionKey)> touchedPartitions, List<PartitionKey> keys)
    {
        var lineRules = Rules.LineRules;
        var episodeRules = Rules.EpisodeRules;
        var line = _originals[row];
        // A rule that names codes and not this one never judged the line, so it has no verdict on it to replace.
        var reading = Rules.For(line);
        for (var r = 0; r < lineRules.Count; r++)
        {
            if (!asked[r] || !CodeRules.Has(reading.Line, r))
                continue;
            var rule = lineRules[r];
            var hit = line.Cnt > 0 && judging[r] && rule.Definition.IsEffectiveOn(line.Date) ? rule.Check(Context, line) : null;
            if (hit is null && place)
                continue;
            SetSlot(new SlotKey(rule.Definition.Id, row, default), hit is null ? [] : [Stamp(rule, hit)]);
        }
        var placedByCode = false;
        for (var r = 0; r < episodeRules.Count; r++)
        {
            // A line is placed in every rule's partitions when first judged, whichever rules are asked now.
            if ((!place && !partitionsAsked[r]) || !CodeRules.Has(reading.Episode, r))
                continue;
            keys.Clear();
            episodeRules[r].PartitionsOf(Context, line, keys);
            foreach (var key in keys)
            {
                if (partitionsAsked[r])
                    touchedPartitions.Add((r, key));
                if (!place)
                    continue;
                if (episodeRules[r].CodesOf(key) is not null)
                {
                    if (!placedByCode)
                    {
                        if (!_rowsOfCode.TryGetValue(line.Code, out var rows))
                            _rowsOfCode[line.Code] = rows = [];
                        rows.Add(row);
                        placedByCode = true;
                    }
                    continue;
                }
                if (Unkept(episodeRules[r]))
                    continue;
                if (!_partitions.TryGetValue((r, key), out var members))
                    _partitions[(r, key)] = members = [];
                members.Add(row);
            }
        }
    }

    /// <summary>The touched partitions, each judged by its rule on its lines now.</summary>
    private void JudgePartitions(HashSet<(int, PartitionKey)> touchedPartitions)
    {
        foreach (var (r, key) in touchedPartitions)
        {
            var rule = Rules.EpisodeRules[r];
            var slot = new SlotKey(rule.Definition.Id, -1, key);
            var byCodes = rule.CodesOf(key);
            if ((rule.AwaitsDischarge && !Episode.IsDischarged) || rule.MissingData(Context) is not null
                || !rule.MayFire(key, byCodes is not null ? BilledAmong(byCodes) : NoCodes))
            {
                SetSlot(slot, []);
                continue;
            }
            List<NetLine> lines;
            if (byCodes is not null)
            {
                lines = PartitionLines ??= [];
                lines.Clear();
                for (var c = 0; c < byCodes.Count; c++) // by index: a foreach over the interface boxes an enumerator per partition
                    if (_rowsOfCode.TryGetValue(byCodes[c], out var rows))
                        foreach (var row in rows)
                            if (_originals[row] is var net && rule.Definition.IsEffectiveOn(net.Date))
                                lines.Add(net);
            }
            else if (!Unkept(rule))
            {
                var members = _partitions[(r, key)];
                lines = PartitionLines ??= [];
                lines.Clear();
                foreach (var row in members)
                    if (_originals[row] is var net && rule.Definition.IsEffectiveOn(net.Date))
                        lines.Add(net);
            }
            else
            {
                lines = PartitionLines ??= [];
                lines.Clear();
                GatherUnkept(r, key, lines);
            }
            SetSlot(slot, lines.Count == 0 ? [] : Stamped(rule, rule.Check(Context, key, lines)));
            if (ReferenceEquals(lines, PartitionLines))
                lines.Clear(); // the scratch list must not keep a stay's lines (and their columns) alive on this thread
        }
    }

    /// <summary>
    /// A rule judged only at discharge keeps no members (unless its partitions are codes, kept by code): they are found
    /// when it judges, in one pass over the lines, for a discharge does that pass anyway, and a batch after it is rare.
    /// </summary>
    private static bool Unkept(IEpisodeRule rule) => rule.AwaitsDischarge;

    /// <summary>
    /// The lines of one partition of a rule that keeps no members (those the rule is in force on), in the order the lines
    /// arrived: one pass over the rows into the thread's scratch list, rather than a list of the stay's lines per partition.
    /// </summary>
    private void GatherUnkept(int r, PartitionKey key, List<NetLine> lines)
    {
        var keys = Keys ??= [];
        var rule = Rules.EpisodeRules[r];
        for (var row = 0; row < _originals.Count; row++)
        {
            var line = _originals[row];
            if (!CodeRules.Has(Rules.For(line).Episode, r))
                continue;
            keys.Clear();
            rule.PartitionsOf(Context, line, keys);
            if (keys.Contains(key) && rule.Definition.IsEffectiveOn(line.Date))
                lines.Add(line);
        }
    }

    private Finding[] Stamped(IRule rule, IEnumerable<Hit> hits)
    {
        List<Finding>? findings = null;
        foreach (var hit in hits)
            (findings ??= []).Add(Stamp(rule, hit));
        return findings is null ? [] : [.. findings];
    }

    private Finding Stamp(IRule rule, Hit hit) =>
        FindingFactory.Create(rule, Rules.Version, Episode.FixmedinsCode, Episode.MdtrtId, Episode.PsnNo, hit);

    /// <summary>The findings raised, changed or withdrawn since the last call, in their review state: what a read model must record.</summary>
    public IReadOnlyList<Finding> TakeChangedFindings()
    {
        var changed = _changed.Values.ToList();
        _changed.Clear();
        Reviews.Reconcile(changed, _clock.GetUtcNow());
        return changed.Select(Reviews.Present).ToList();
    }

    private void SetSlot(SlotKey slot, Finding[] findings)
    {
        var previous = _slots.GetValueOrDefault(slot) ?? [];
        // Loops, not Any with a lambda: a slot is set for every line a rule judges, and each lambda was an allocation.
        foreach (var old in previous)
            if (IndexOf(findings, old.FindingId) < 0)
                _changed[old.FindingId] = (_withdrawn ??= new(StringComparer.Ordinal))[old.FindingId] = old with { Status = FindingStatus.Withdrawn };
        foreach (var finding in findings)
        {
            _withdrawn?.Remove(finding.FindingId);
            if (IndexOf(previous, finding.FindingId) is var i && (i < 0 || previous[i].Amount != finding.Amount || previous[i].Message != finding.Message))
                _changed[finding.FindingId] = finding;
        }
        if (findings.Length == 0)
            _slots.Remove(slot);
        else
            _slots[slot] = findings;
    }

    private static int IndexOf(Finding[] findings, string findingId)
    {
        for (var i = 0; i < findings.Length; i++)
            if (findings[i].FindingId == findingId)
                return i;
        return -1;
    }

    /// <summary>Those of a partition's codes that have lines here (the only codes its rule may ask about).</summary>
    private HashSet<string> BilledAmong(IReadOnlyList<string> codes)
    {
        var billed = Billed ??= new(StringComparer.Ordinal);
        billed.Clear();
        for (var c = 0; c < codes.Count; c++)
            if (_rowsOfCode.ContainsKey(codes[c]))
                billed.Add(codes[c]);
        return billed;
    }

    /// <summary>One rule's verdict on one line (its <see cref="Row"/>: a line keeps its row) or on one of its partitions (row -1).</summary>
    private readonly record struct SlotKey(string RuleId, int Row, PartitionKey Partition);
}

/// <summary>What one batch did: lines accepted, re-sent duplicates, conflicting re-sends, the findings on its lines, and the lines the person must know.</summary>
public sealed record BatchOutcome(
    IReadOnlyList<FeeLine> Accepted,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<(int Index, FieldError Error)> Conflicts,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<PersonLine> PersonLines);

/// <summary>An episode's money: lines, refunds, the net amount billed and the reconciled deduction.</summary>
public sealed record EpisodeTotals(int LineCount, int RefundCount, decimal Amount, decimal Deduction);

/// <summary>The coverage statement of an audit answer: rules run, and rules that could not judge (or only in part) and why.</summary>
public sealed record Coverage(IReadOnlyList<string> RulesRun, IReadOnlyList<RuleSkip> Skipped);

public sealed record RuleSkip(string RuleId, string RuleKind, string Reason);
