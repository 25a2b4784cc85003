using System.Text.Json.Serialization;
namespace ClaimAudit.Reference.Contracts;

/// <summary>明确违规 (deducted, appealable) · 可疑 (manual review) · 提醒 (shown, no money effect).</summary>
public enum Severity { Violation, Suspicious, Warning }

/// <summary>Where a finding stands in its lifecycle (docs/findings.md).</summary>
public enum FindingStatus { Open, Withdrawn, Appealed, Upheld, Overturned, Confirmed, Dismissed, PendingReview }

/// <summary>
/// What a rule found. <see cref="FeedetlSns"/> are the lines at fault (违规项), <see cref="RelatedSns"/> the
/// lines involved (涉及项). The id is deterministic, so re-auditing the same data yields the same finding.
/// </summary>
public sealed record Finding(
    string FindingId,
    string RuleId,
    string RuleKind,
    Severity Severity,
    string FixmedinsCode,
    string MdtrtId,
    string PsnNo,
    IReadOnlyList<string> FeedetlSns,
    IReadOnlyList<string> RelatedSns,
    decimal Amount,
    string Message,
    string Basis,
    FindingStatus Status,
    string RuleSetVersion)
{
    /// <summary>The amount on each line at fault, parallel to <see cref="FeedetlSns"/> (3102 判断结果明细 vola_amt).</summary>
    public IReadOnlyList<decimal> LineAmounts { get; init; } = [];

    /// <summary>What else identifies the finding: the earlier stay of a readmission, the dates of idle days, an institution's period and indicator.</summary>
    public string? Subject { get; init; }

    [JsonIgnore]
    public string EpisodeKey => Contracts.EpisodeKey.Of(FixmedinsCode, MdtrtId);

    /// <summary>
    /// Counts toward the episode's deduction: open, confirmed, appealed (until decided) and upheld findings. A warning
    /// never does (提醒: shown, no money effect); a suspicious finding only once confirmed (it starts pending review).
    /// </summary>
    [JsonIgnore]
    public bool Deducts => Severity != Severity.Warning
        && Status is FindingStatus.Open or FindingStatus.Confirmed or FindingStatus.Appealed or FindingStatus.Upheld;
}
