using ClaimAudit.Rules.Contracts;
using ClaimAudit.Tools.Generation;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>Recall and precision of one rule kind against the planted ground truth.</summary>
public sealed record KindScore(string RuleKind, int Planted, int Found, int Correct)
{
    public double Recall => Planted == 0 ? 1 : (double)Correct / Planted;
    public double Precision => Found == 0 ? 1 : (double)Correct / Found;
}

public static class Scoring
{
    /// <summary>A finding as the ground truth names it: kind, institution, episode, line at fault (or an institution flag's subject).</summary>
    public static IEnumerable<(string Kind, string Fixmedins, string Mdtrt, string Sn)> Keys(Finding f) =>
        f.MdtrtId.Length == 0 ? [(f.RuleKind, f.FixmedinsCode, "", f.Subject ?? "")]
        : f.FeedetlSns.Count == 0 ? [(f.RuleKind, f.FixmedinsCode, f.MdtrtId, "")]
        : f.FeedetlSns.Select(sn => (f.RuleKind, f.FixmedinsCode, f.MdtrtId, sn));

    public static IReadOnlyList<KindScore> Score(IEnumerable<GroundTruth> truths, IEnumerable<Finding> findings, IEnumerable<string> kinds) =>
        Score(truths, findings.SelectMany(Keys), kinds);

    /// <summary>The same, for flags already named as the ground truth names them.</summary>
    public static IReadOnlyList<KindScore> Score(IEnumerable<GroundTruth> truths, IEnumerable<(string Kind, string Fixmedins, string Mdtrt, string Sn)> flags, IEnumerable<string> kinds)
    {
        var planted = truths.Select(t => (t.RuleKind, t.FixmedinsCode, t.MdtrtId, t.FeedetlSn ?? "")).ToHashSet();
        var found = flags.ToHashSet();
        return kinds.Order(StringComparer.Ordinal).Select(kind =>
        {
            var p = planted.Where(k => k.Item1 == kind).ToHashSet();
            var f = found.Where(k => k.Kind == kind).ToHashSet();
            return new KindScore(kind, p.Count, f.Count, p.Count(f.Contains));
        }).ToList();
    }
}
