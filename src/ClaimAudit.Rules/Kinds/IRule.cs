using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>A compiled rule instance: a rule kind bound to its definition and knowledge.</summary>
public interface IRule
{
    RuleDefinition Definition { get; }

    /// <summary>Why the rule cannot judge this episode at all (e.g. sex or institution level unknown), or null.</summary>
    string? MissingData(AuditContext context) => null;

    /// <summary>A line this rule would judge lacks a field it needs (e.g. a drug without <c>prd_days</c>): "no data", not a pass.</summary>
    bool LacksData(AuditContext context, FeeLine line) => false;

    /// <summary>What a line lacking data lacks, for the coverage statement.</summary>
    string LackingDataReason => "lines lack the data this rule needs";
}

/// <summary>Scope L: judged on one line, with the episode's and person's attributes.</summary>
public interface ILineRule : IRule
{
    Hit? Check(AuditContext context, NetLine line);
}

/// <summary>
/// Scope E: judged over partitions of the episode's lines (an item, an item on one day, all bed fees …). The
/// engine re-judges only the partitions a batch touched, so the cost of a batch does not grow with the episode's
/// length, and the result depends only on the partition's lines, never on their arrival order.
/// </summary>
public interface IEpisodeRule : IRule
{
    /// <summary>The partitions a line belongs to; none when the rule never looks at it.</summary>
    IEnumerable<string> PartitionsOf(AuditContext context, NetLine line);

    /// <summary>Judged only once the discharge is known (the stay's length is part of the rule).</summary>
    bool AwaitsDischarge => false;

    /// <summary>
    /// Whether a partition holding lines of these codes can give a hit at all. False lets the engine answer "no hit"
    /// without reading the partition — which matters when a partition spans a whole long stay — so it must never be
    /// false where <see cref="Check"/> would hit.
    /// </summary>
    bool MayFire(string partition, IReadOnlySet<string> codes) => true;

    IEnumerable<Hit> Check(AuditContext context, string partition, IReadOnlyList<NetLine> lines);
}

/// <summary>
/// Scope X: judged over a person's history. Line partitions work as for episode rules; a rule that reads the
/// episodes themselves (dates, diagnoses) is judged again, with partition "" and no lines, whenever one changes.
/// </summary>
public interface IPersonRule : IRule
{
    IEnumerable<string> PartitionsOf(PersonLine line) => [];

    bool JudgesEpisodes => false;

    IEnumerable<PersonHit> Check(PersonHistory history, string partition, IReadOnlyList<PersonLine> lines);
}

/// <summary>Scope A: judged over an institution's totals by period.</summary>
public interface IInstitutionRule : IRule
{
    IEnumerable<InstitutionHit> Check(string fixmedinsCode, IReadOnlyList<PeriodTotals> periods);
}

/// <summary>What the engine knows when it judges an episode's lines.</summary>
public sealed record AuditContext(Episode Episode, InstitutionProfile? Institution)
{
    /// <summary>"No data" for rules that need the institution's level: it was never registered, or its hosp_lv is not a national code.</summary>
    public string? UnknownLevel => Institution?.Level is null or InstitutionLevel.Unknown
        ? $"institution {Episode.FixmedinsCode} has no known hosp_lv"
        : null;
}

/// <summary>
/// An original fee line with its refunds folded in: <see cref="Cnt"/> and <see cref="Amount"/> are net.
/// Rules only ever see net lines; a refund line itself is never judged.
/// </summary>
public readonly record struct NetLine(FeeLine Line, decimal Cnt, decimal Amount)
{
    public string Sn => Line.FeedetlSn;
    public DateOnly Date => Line.Date;
    public string Code => Line.MedListCodg;

    /// <summary>Time order with the serial number as tie-break, so "the lines past the limit" never depend on arrival order.</summary>
    public static readonly IComparer<NetLine> TimeOrder = Comparer<NetLine>.Create((a, b) =>
    {
        var byTime = a.Line.FeeOcurTime.CompareTo(b.Line.FeeOcurTime);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Sn, b.Sn);
    });
}

/// <summary>
/// A rule's verdict before the engine stamps it with rule, episode and id. <see cref="LineAmounts"/> runs
/// parallel to <see cref="FeedetlSns"/>: how much of the amount falls on each line at fault.
/// <see cref="Subject"/> names what else identifies the finding (the earlier stay, the date, the period …);
/// <see cref="Severity"/> overrides the rule's where docs/rules.md gives one kind two verdicts (overlapping stays are only suspicious).
/// </summary>
public sealed record Hit(
    IReadOnlyList<string> FeedetlSns,
    IReadOnlyList<decimal> LineAmounts,
    IReadOnlyList<string> RelatedSns,
    string Message,
    string? Subject = null,
    Severity? Severity = null)
{
    public decimal Amount => LineAmounts.Sum();

    public static Hit OnLine(NetLine line, decimal amount, string message, IReadOnlyList<string>? related = null) =>
        new([line.Sn], [decimal.Round(amount, 2)], related ?? [], message);

    public static Hit WithoutAmount(string message, string subject, IReadOnlyList<string>? related = null) =>
        new([], [], related ?? [], message, subject);
}

/// <summary>A cross-episode verdict addressed to the episode it belongs to.</summary>
public sealed record PersonHit(string FixmedinsCode, string MdtrtId, Hit Hit);

/// <summary>An institution verdict for one period.</summary>
public sealed record InstitutionHit(string Period, Hit Hit);

/// <summary>Fee-category groups of <c>med_chrgitm_type</c> used by several rules.</summary>
public static class ChargeTypes
{
    public const string Bed = "01";
    public const string Nursing = "07";

    /// <summary>09 西药费, 10 中药饮片费, 11 中成药费.</summary>
    public static bool IsDrug(string type) => type is "09" or "10" or "11";

    /// <summary>08 卫生材料费 and its sub-codes, 1402/1403 材料.</summary>
    public static bool IsConsumable(string type) => type.StartsWith("08", StringComparison.Ordinal) || type is "1402" or "1403";
}
