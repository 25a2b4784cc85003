using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Abstractions;

/// <summary>
/// Questions about findings across episodes, answered from the read model on whichever silo takes the call (a
/// stateless worker): where a finding lives, review queues and searches, institutions' scorecards.
/// </summary>
[Alias("ClaimAudit.IFindingsGrain")]
public interface IFindingsGrain : IGrainWithIntegerKey
{
    /// <summary>The institution and episode a finding belongs to, or null when no finding has this id.</summary>
    [Alias("Locate")]
    Task<FindingPlace?> Locate(string findingId);

    [Alias("Search")]
    Task<FindingPage> Search(FindingQuery query);

    /// <summary>How many findings match the query's filters in each status (its statuses and cursor ignored): a queue's tabs.</summary>
    [Alias("CountByStatus")]
    Task<IReadOnlyDictionary<string, int>> CountByStatus(FindingQuery query);

    /// <summary>The institutions of a region (admdvs prefix; null: every region) with their discharged episodes' amount and deduction, in periods from..to (yyyy-MM, inclusive).</summary>
    [Alias("Region")]
    Task<IReadOnlyList<InstitutionTotals>> Region(string? admdvsPrefix, string? fromPeriod, string? toPeriod);

    [Alias("Scorecard")]
    Task<Scorecard> Scorecard(string fixmedinsCode, string? fromPeriod, string? toPeriod);
}

[GenerateSerializer, Immutable, Alias("ClaimAudit.FindingPlace")]
public sealed record FindingPlace(string FixmedinsCode, string MdtrtId);

/// <summary>
/// A findings search: every filter optional, <see cref="AdmdvsPrefix"/> set by the gateway to the caller's region.
/// Oldest first (by when the finding was raised; <see cref="NewestFirst"/> the other way), keyset-paged: <see cref="After"/>
/// is the previous page's cursor.
/// </summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.FindingQuery")]
public sealed record FindingQuery(
    string? AdmdvsPrefix,
    string? FixmedinsCode,
    string? RuleKind,
    string? Severity,
    IReadOnlyList<string> Statuses,
    DateTimeOffset? From,
    DateTimeOffset? To,
    decimal? MinAmount,
    string? After,
    int PageSize,
    bool NewestFirst = false);

/// <summary>One finding as a queue or search lists it: the finding, its institution's region, when it was raised.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.ListedFinding")]
public sealed record ListedFinding(Finding Finding, string? Admdvs, DateTimeOffset RaisedAt);

/// <summary>A page of findings and the cursor of the next page (null on the last).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.FindingPage")]
public sealed record FindingPage(IReadOnlyList<ListedFinding> Items, string? Next);

/// <summary>
/// An institution's month (by discharge) as the read model counts it: each discharged episode once.
/// <see cref="DeductingAmountByKind"/> sums, per rule kind, the amounts of the findings that count toward a deduction,
/// each finding in full: a line hit by two kinds is in both, so the kinds add up to more than <see cref="Deduction"/>,
/// which caps each line at its amount.
/// </summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.ScorecardMonth")]
public sealed record ScorecardMonth(
    string Period,
    int Episodes,
    int InpatientEpisodes,
    int Lines,
    decimal Amount,
    decimal Deduction,
    IReadOnlyDictionary<string, decimal> FindingAmountByStatus,
    IReadOnlyDictionary<string, int> FindingsByKind,
    decimal? DrugRatio,
    decimal? ConsumableRatio,
    decimal? AverageStayDays,
    decimal? AverageCost,
    decimal? SelfPayRatio,
    IReadOnlyDictionary<string, decimal> DeductingAmountByKind);

/// <summary>One institution's discharged episodes as the read model sums them: how many, their amount, their reconciled deduction.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.InstitutionTotals")]
public sealed record InstitutionTotals(string FixmedinsCode, string? Admdvs, int Episodes, decimal Amount, decimal Deduction)
{
    public decimal? DeductionRate => Amount == 0 ? null : Math.Round(Deduction / Amount, 4);
}

[GenerateSerializer, Immutable, Alias("ClaimAudit.Scorecard")]
public sealed record Scorecard(string FixmedinsCode, IReadOnlyList<ScorecardMonth> Months);
