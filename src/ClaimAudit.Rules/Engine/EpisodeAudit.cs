using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Engine;

/// <summary>
/// The audit state of one episode, held by its grain: the lines as received (refunds folded into the lines they
/// refund), the partitions each episode rule judges, and the current findings. A batch re-judges only the lines
/// and partitions it touched. Findings are a function of the lines present, not of how they arrived.
/// </summary>
public sealed class EpisodeAudit
{
    private readonly RuleSet _rules;
    private readonly Dictionary<string, FeeLine> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FeeLine>> _refunds = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Rule, string Key), HashSet<string>> _partitions = [];
    private readonly Dictionary<string, List<(int Rule, string Key)>> _partitionsOfLine = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Finding[]> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Finding> _withdrawn = new(StringComparer.Ordinal);
    private IReadOnlyList<Finding> _crossEpisode = [];

    public EpisodeAudit(RuleSet rules, Episode episode, InstitutionProfile? institution)
    {
        _rules = rules;
        Context = new AuditContext(episode, institution);
    }

    public AuditContext Context { get; private set; }

    public Episode Episode => Context.Episode;

    public string RuleSetVersion => _rules.Version;

    public int LineCount => _lines.Count;

    public IEnumerable<FeeLine> Lines => _lines.Values;

    /// <summary>Current findings: this episode's line and episode findings plus cross-episode findings addressed to it.</summary>
    public IEnumerable<Finding> Findings => _slots.Values.SelectMany(f => f).Concat(_crossEpisode);

    /// <summary>Findings that were raised and later no longer held.</summary>
    public IEnumerable<Finding> Withdrawn => _withdrawn.Values;

    public BatchOutcome Add(IReadOnlyList<FeeLine> batch)
    {
        var accepted = new List<FeeLine>();
        var duplicates = new List<string>();
        var conflicts = new List<(int Index, FieldError Error)>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var line = batch[i];
            if (_lines.TryGetValue(line.FeedetlSn, out var existing))
            {
                if (existing == line)
                {
                    duplicates.Add(line.FeedetlSn);
                    touched.Add(line.IsRefund ? line.InitFeedetlSn! : line.FeedetlSn);
                }
                else
                    conflicts.Add((i, new FieldError("feedetl_sn", $"'{line.FeedetlSn}' was already received with different content")));
                continue;
            }
            _lines[line.FeedetlSn] = line;
            accepted.Add(line);
            if (line.IsRefund)
            {
                if (!_refunds.TryGetValue(line.InitFeedetlSn!, out var list))
                    _refunds[line.InitFeedetlSn!] = list = [];
                list.Add(line);
                touched.Add(line.InitFeedetlSn!);
            }
            else
                touched.Add(line.FeedetlSn);
        }

        Judge(touched);
        var batchFindings = Findings.Where(f => f.FeedetlSns.Any(touched.Contains) || f.RelatedSns.Any(touched.Contains)).ToList();
        return new BatchOutcome(accepted, duplicates, conflicts, batchFindings);
    }

    /// <summary>2402: the discharge time and final diagnoses make the answer authoritative; every rule is judged again.</summary>
    public void Discharge(DischargeInfo discharge)
    {
        var episode = Episode with
        {
            Endtime = discharge.Endtime,
            Diseinfo = discharge.Diseinfo.Count > 0 ? discharge.Diseinfo : Episode.Diseinfo,
            DscgWay = discharge.DscgWay ?? Episode.DscgWay,
        };
        Reset(episode, Context.Institution);
    }

    /// <summary>New episode or institution attributes: every rule is judged again on the lines present.</summary>
    public void Reset(Episode episode, InstitutionProfile? institution)
    {
        Context = new AuditContext(episode, institution);
        _partitions.Clear();
        _partitionsOfLine.Clear();
        var all = _lines.Values.Where(l => !l.IsRefund).Select(l => l.FeedetlSn).ToHashSet(StringComparer.Ordinal);
        foreach (var slot in _slots.Keys.ToList())
            SetSlot(slot, []);
        Judge(all);
    }

    /// <summary>Cross-episode findings (from the person) that belong to this episode.</summary>
    public void SetCrossEpisodeFindings(IEnumerable<Finding> findings) =>
        _crossEpisode = findings.Where(f => f.FixmedinsCode == Episode.FixmedinsCode && f.MdtrtId == Episode.MdtrtId).ToList();

    public EpisodeTotals Totals()
    {
        var originals = _lines.Values.Where(l => !l.IsRefund).ToList();
        var amount = _lines.Values.Sum(l => l.DetItemFeeSumamt);
        return new EpisodeTotals(originals.Count, _lines.Count - originals.Count, amount, Deductions.Reconcile(Findings, NetAmounts()));
    }

    public NetLine? Net(string sn)
    {
        if (!_lines.TryGetValue(sn, out var line) || line.IsRefund)
            return null;
        var cnt = line.Cnt;
        var amount = line.DetItemFeeSumamt;
        if (_refunds.TryGetValue(sn, out var refunds))
            foreach (var refund in refunds)
            {
                cnt += refund.Cnt;
                amount += refund.DetItemFeeSumamt;
            }
        return new NetLine(line, cnt, amount);
    }

    private IReadOnlyDictionary<string, decimal> NetAmounts() =>
        _lines.Values.Where(l => !l.IsRefund).ToDictionary(l => l.FeedetlSn, l => Net(l.FeedetlSn)!.Value.Amount, StringComparer.Ordinal);

    private void Judge(HashSet<string> touchedSns)
    {
        var touchedPartitions = new HashSet<(int, string)>();
        foreach (var sn in touchedSns)
        {
            if (Net(sn) is not { } line)
                continue; // a refund whose original has not arrived yet waits for it
            foreach (var rule in _rules.LineRules)
            {
                var hit = line.Cnt > 0 && rule.Definition.IsEffectiveOn(line.Date) ? rule.Check(Context, line) : null;
                SetSlot($"{rule.Definition.Id}|{sn}", hit is null ? [] : [Stamp(rule, hit)]);
            }
            if (!_partitionsOfLine.TryGetValue(sn, out var keys))
            {
                keys = [];
                for (var r = 0; r < _rules.EpisodeRules.Count; r++)
                {
                    if (_rules.EpisodeRules[r].PartitionOf(Context, line) is not { } key)
                        continue;
                    keys.Add((r, key));
                    if (!_partitions.TryGetValue((r, key), out var members))
                        _partitions[(r, key)] = members = new(StringComparer.Ordinal);
                    members.Add(sn);
                }
                _partitionsOfLine[sn] = keys;
            }
            touchedPartitions.UnionWith(keys);
        }

        foreach (var (r, key) in touchedPartitions)
        {
            var rule = _rules.EpisodeRules[r];
            var lines = _partitions[(r, key)]
                .Select(sn => Net(sn)!.Value)
                .Where(l => rule.Definition.IsEffectiveOn(l.Date))
                .ToList();
            var hits = lines.Count == 0 ? [] : rule.Check(Context, lines).Select(h => Stamp(rule, h)).ToArray();
            SetSlot($"{rule.Definition.Id}|{key}", hits);
        }
    }

    private Finding Stamp(IRule rule, Hit hit) =>
        FindingFactory.Create(rule, _rules.Version, Episode.FixmedinsCode, Episode.MdtrtId, Episode.PsnNo, hit);

    private void SetSlot(string slot, Finding[] findings)
    {
        if (_slots.TryGetValue(slot, out var previous))
            foreach (var old in previous)
                if (!findings.Any(f => f.FindingId == old.FindingId))
                    _withdrawn[old.FindingId] = old with { Status = FindingStatus.Withdrawn };
        foreach (var finding in findings)
            _withdrawn.Remove(finding.FindingId);
        if (findings.Length == 0)
            _slots.Remove(slot);
        else
            _slots[slot] = findings;
    }
}

/// <summary>What one batch did: lines accepted, re-sent duplicates, conflicting re-sends, and the findings on its lines.</summary>
public sealed record BatchOutcome(
    IReadOnlyList<FeeLine> Accepted,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<(int Index, FieldError Error)> Conflicts,
    IReadOnlyList<Finding> Findings);

/// <summary>An episode's money: lines, refunds, the net amount billed and the reconciled deduction.</summary>
public sealed record EpisodeTotals(int LineCount, int RefundCount, decimal Amount, decimal Deduction);
