using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Testing;

/// <summary>Findings and a ground truth compared by what they name: rule kind, institution, episode, line (or subject).</summary>
public static class GroundTruthKeys
{
    /// <summary>The 22 rule kinds of docs/rules.md, written out here rather than read from the registry under test.</summary>
    public static readonly string[] AllKinds =
    [
        "charge.duplicate-line", "charge.pair", "course.days", "cycle.frequency", "drug.supply-overlap", "episode.overlap",
        "episode.readmission", "episode.self-pay-ratio", "inst.indicator", "limit.age", "limit.department", "limit.diagnosis",
        "limit.insurance", "limit.level", "limit.setting", "limit.sex", "price.over-cap", "qty.per-period", "stay.bed-days",
        "stay.fee-outside", "stay.idle-days", "visit.frequency",
    ];

    public static HashSet<(string Kind, string Fixmedins, string Mdtrt, string Sn)> Of(IEnumerable<Finding> findings) => findings
        .SelectMany(f => f.MdtrtId.Length == 0 ? [(f.RuleKind, f.FixmedinsCode, "", f.Subject ?? "")]
            : f.FeedetlSns.Count == 0 ? [(f.RuleKind, f.FixmedinsCode, f.MdtrtId, "")]
            : f.FeedetlSns.Select(sn => (f.RuleKind, f.FixmedinsCode, f.MdtrtId, sn)))
        .ToHashSet();

    /// <summary>A ground-truth CSV as the load generator writes it: <c>rule_kind, fixmedins_code, mdtrt_id, feedetl_sn</c>.</summary>
    public static HashSet<(string Kind, string Fixmedins, string Mdtrt, string Sn)> FromCsv(string path) => File.ReadAllLines(path).Skip(1)
        .Select(l => l.Split(',')).Select(c => (c[0], c[1], c[2], c[3])).ToHashSet();
}
