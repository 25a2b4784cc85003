using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Review;

namespace ClaimAudit.Abstractions;

// Positional records: Orleans numbers primary-constructor members by position, so new members go at the end.
// Engine contracts inside them (Episode, FeeLine, Finding …) travel through the JSON codec, see ClaimAuditSerialization.

/// <summary>
/// A fee line on its way to the episode with its index in the batch the caller sent (lines the gateway refused are
/// not sent on), so the episode answers its refusals by that index and nobody maps them back.
/// </summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.SentLine")]
public sealed record SentLine(int Index, FeeLine Line);

/// <summary>One fee line of a batch that was refused, by its index in the batch sent and the path of the field at fault.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.LineRejection")]
public sealed record LineRejection(int Index, string Field, string Reason);

/// <summary>The answer to a fee-line batch (事中): counts, refusals and the findings on the batch's lines.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.FeeBatchResult")]
public sealed record FeeBatchResult(int Accepted, int Duplicates, IReadOnlyList<LineRejection> Rejected, IReadOnlyList<Finding> Findings, Coverage? Coverage = null)
{
    /// <summary>The indexes (in the batch sent) of the re-sent lines among <see cref="Duplicates"/>.</summary>
    [Id(5)]
    public IReadOnlyList<int> DuplicateIndexes { get; init; } = [];
}

/// <summary>An episode as a hospital or auditor sees it: status, money, findings.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.EpisodeView")]
public sealed record EpisodeView(
    string FixmedinsCode,
    string MdtrtId,
    string PsnNo,
    string Status,
    string MedType,
    DateTime Begntime,
    DateTime? Endtime,
    EpisodeTotals Totals,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Finding> Withdrawn,
    string RuleSetVersion,
    Coverage Coverage);

/// <summary>What an episode adds to its institution's counters when it is discharged (or re-discharged: the difference).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.InstitutionDelta")]
public sealed record InstitutionDelta(
    int Episodes,
    int Lines,
    decimal Amount,
    decimal Deduction,
    IReadOnlyDictionary<string, int> FindingsByKind,
    IReadOnlyList<PeriodTotals> Periods);

/// <summary>An institution's attributes and the counters its episodes fed it.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.InstitutionView")]
public sealed record InstitutionView(
    InstitutionProfile Profile,
    int Episodes,
    int Lines,
    decimal Amount,
    decimal Deduction,
    IReadOnlyDictionary<string, int> FindingsByKind,
    IReadOnlyList<PeriodTotals> Periods,
    IReadOnlyList<Finding> Findings);

/// <summary>A person's action on a finding: what, who, why, with what evidence (attachment references or text).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.ReviewRequest")]
public sealed record ReviewRequest(ReviewAction Action, Actor Actor, string Reason, IReadOnlyList<string> Evidence);

/// <summary>A finding in its current state, every transition it went through, and its episode's deduction now.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.FindingDetail")]
public sealed record FindingDetail(Finding Finding, IReadOnlyList<FindingEvent> History, decimal EpisodeDeduction);

/// <summary>The answer to a review: the finding as it now stands, or why the action was refused (its current state).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.ReviewOutcome")]
public sealed record ReviewOutcome(FindingDetail? Detail, FindingStatus? RefusedIn = null, string? RefusedReason = null);

public static class EpisodeStatus
{
    public const string Admitted = "admitted";
    public const string Discharged = "discharged";
}

/// <summary>An episode as a what-if check merges it: its attributes, its institution and every line received.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.EpisodeSnapshot")]
public sealed record EpisodeSnapshot(Episode Episode, InstitutionProfile? Institution, IReadOnlyList<FeeLine> Lines);
