using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Grains.Tests;

/// <summary>The embedded store's answers to the read model's questions, on findings made by hand.</summary>
public class FindingSearchTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 4, 0, 0, TimeSpan.Zero);

    private static ListedFinding Listed(string id, string kind, Severity severity, FindingStatus status, decimal amount, int minutes) =>
        new(new Finding(id, "R-" + kind, kind, severity, "H1", "M1", "P1", ["SN1"], [], amount, "m", "b", status, "v1"), "330100", Noon.AddMinutes(minutes));

    private static readonly ListedFinding[] Findings =
    [
        Listed("F1", "limit.sex", Severity.Violation, FindingStatus.Open, 50, 1),
        Listed("F2", "limit.sex", Severity.Violation, FindingStatus.Dismissed, 20, 2),
        Listed("F3", "price.over-cap", Severity.Violation, FindingStatus.Confirmed, 30, 3),
        Listed("F4", "episode.self-pay-ratio", Severity.Warning, FindingStatus.Open, 99, 4),
        Listed("F5", "price.over-cap", Severity.Suspicious, FindingStatus.PendingReview, 7, 5),
    ];

    [Fact]
    public void A_month_sums_by_kind_only_the_findings_that_count_toward_a_deduction()
    {
        var month = FindingSearch.Month("2026-03", new PeriodTotals("2026-03", 1, 1, 1000, 0, 0, 0, 3, 1000), 5, 80, FindingSearch.Tally(Findings.Select(f => f.Finding)));

        Assert.Equal([("limit.sex", 50m), ("price.over-cap", 30m)], month.DeductingAmountByKind.OrderBy(k => k.Key).Select(k => (k.Key, k.Value)));
    }

    [Fact]
    public void Pages_follow_the_raise_time_either_way_and_the_cursor_continues_where_the_page_ended()
    {
        var query = new FindingQuery(null, null, null, null, [], null, null, null, null, 2);

        var oldest = FindingSearch.Page(Findings, query);
        var oldestNext = FindingSearch.Page(Findings, query with { After = oldest.Next });
        var newest = FindingSearch.Page(Findings, query with { NewestFirst = true });
        var newestNext = FindingSearch.Page(Findings, query with { NewestFirst = true, After = newest.Next });
        var counts = FindingSearch.CountByStatus(Findings, query with { Statuses = ["open"] });

        Assert.Equal(["F1", "F2"], oldest.Items.Select(i => i.Finding.FindingId));
        Assert.Equal(["F3", "F4"], oldestNext.Items.Select(i => i.Finding.FindingId));
        Assert.Equal(["F5", "F4"], newest.Items.Select(i => i.Finding.FindingId));
        Assert.Equal(["F3", "F2"], newestNext.Items.Select(i => i.Finding.FindingId));
        Assert.Equal(new Dictionary<string, int> { ["open"] = 2, ["dismissed"] = 1, ["confirmed"] = 1, ["pending_review"] = 1 }, counts);
    }
}
