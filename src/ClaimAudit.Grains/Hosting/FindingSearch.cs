using System.Globalization;
using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Grains.Hosting;

/// <summary>The read model's questions answered over findings held in memory (the embedded store), and what both stores share.</summary>
public static class FindingSearch
{
    public const int MaxPageSize = 1_000;

    public static FindingPage Page(IEnumerable<ListedFinding> findings, FindingQuery query)
    {
        var after = Cursor.Parse(query.After);
        // The page's first PageSize + 1 in the query's order, kept in a bounded heap whose top is the one to push out
        // next: one pass over the region's findings, not a sort of all of them per page.
        var order = query.NewestFirst ? NewestFirst : OldestFirst;
        var keep = query.PageSize + 1;
        var heap = new PriorityQueue<ListedFinding, ListedFinding>(keep + 1, Comparer<ListedFinding>.Create((x, y) => order.Compare(y, x)));
        foreach (var l in findings)
        {
            if (!Matches(l, query) || (after is { } a && (query.NewestFirst ? AgainstCursor(l, a) >= 0 : AgainstCursor(l, a) <= 0)))
                continue; // not past the previous page's last
            if (heap.Count < keep)
                heap.Enqueue(l, l);
            else if (order.Compare(l, heap.Peek()) < 0)
                heap.EnqueueDequeue(l, l);
        }
        var items = heap.UnorderedItems.Select(i => i.Element).Order(order).ToList();
        var more = items.Count > query.PageSize;
        if (more)
            items.RemoveAt(items.Count - 1);
        return new FindingPage(items, more ? Cursor.Of(items[^1]) : null);
    }

    public static IReadOnlyDictionary<string, int> CountByStatus(IEnumerable<ListedFinding> findings, FindingQuery query)
    {
        var filters = query with { Statuses = [] };
        return findings.Where(l => Matches(l, filters)).GroupBy(l => NationalJson.Name(l.Finding.Status))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>The queue's order: by when raised, then by id (so a page boundary is exact).</summary>
    private static readonly Comparer<ListedFinding> OldestFirst = Comparer<ListedFinding>.Create((x, y) =>
    {
        var byTime = x.RaisedAt.CompareTo(y.RaisedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Finding.FindingId, y.Finding.FindingId);
    });

    private static readonly Comparer<ListedFinding> NewestFirst = Comparer<ListedFinding>.Create((x, y) => OldestFirst.Compare(y, x));

    private static int AgainstCursor(ListedFinding l, Cursor cursor)
    {
        var byTime = l.RaisedAt.CompareTo(cursor.RaisedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(l.Finding.FindingId, cursor.FindingId);
    }

    public static bool InPeriods(string period, string? from, string? to) =>
        (from is null || string.CompareOrdinal(period, from) >= 0) && (to is null || string.CompareOrdinal(period, to) <= 0);

    /// <summary>One month of a scorecard: the episodes' totals, their findings' amounts by status and counts by kind, and the indicators.</summary>
    public static ScorecardMonth Month(string period, PeriodTotals totals, int lines, decimal deduction, IReadOnlyList<FindingTally> findings) => new(
        period,
        totals.Episodes,
        totals.InpatientEpisodes,
        lines,
        totals.Amount,
        deduction,
        findings.GroupBy(f => f.Status).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount), StringComparer.Ordinal),
        findings.Where(f => f.Status != "withdrawn").GroupBy(f => f.RuleKind).ToDictionary(g => g.Key, g => g.Sum(f => f.Count), StringComparer.Ordinal),
        Ratio(totals.DrugAmount, totals.InpatientAmount),
        Ratio(totals.ConsumableAmount, totals.InpatientAmount),
        totals.InpatientEpisodes == 0 ? null : Math.Round((decimal)totals.StayDays / totals.InpatientEpisodes, 2),
        totals.Episodes == 0 ? null : Math.Round(totals.Amount / totals.Episodes, 2),
        Ratio(totals.SelfPayAmount, totals.InpatientAmount),
        findings.GroupBy(f => f.RuleKind).Select(g => (g.Key, Amount: g.Sum(f => f.DeductingAmount))).Where(k => k.Amount != 0)
            .ToDictionary(k => k.Key, k => k.Amount, StringComparer.Ordinal));

    /// <summary>Findings counted by status and kind, as a scorecard needs them.</summary>
    public static IReadOnlyList<FindingTally> Tally(IEnumerable<Finding> findings) => findings
        .GroupBy(f => (Status: NationalJson.Name(f.Status), f.RuleKind))
        .Select(g => new FindingTally(g.Key.Status, g.Key.RuleKind, g.Count(), g.Sum(f => f.Amount), g.Sum(f => f.Deducts ? f.Amount : 0)))
        .ToList();

    private static decimal? Ratio(decimal part, decimal whole) => whole == 0 ? null : Math.Round(part / whole, 4);

    private static bool Matches(ListedFinding listed, FindingQuery q)
    {
        var f = listed.Finding;
        return (q.AdmdvsPrefix is null || (listed.Admdvs?.StartsWith(q.AdmdvsPrefix, StringComparison.Ordinal) ?? false))
            && (q.FixmedinsCode is null || f.FixmedinsCode == q.FixmedinsCode)
            && (q.RuleKind is null || f.RuleKind == q.RuleKind)
            && (q.Severity is null || NationalJson.Name(f.Severity) == q.Severity)
            && (q.Statuses.Count == 0 || q.Statuses.Contains(NationalJson.Name(f.Status)))
            && (q.From is null || listed.RaisedAt >= q.From)
            && (q.To is null || listed.RaisedAt < q.To)
            && (q.MinAmount is null || f.Amount >= q.MinAmount);
    }

    /// <summary>How many findings of one status and kind, and their amounts.</summary>
    /// <remarks><see cref="DeductingAmount"/>: the amounts of the findings that count toward a deduction (not warnings; open, confirmed, appealed, upheld).</remarks>
    public readonly record struct FindingTally(string Status, string RuleKind, int Count, decimal Amount, decimal DeductingAmount);

    /// <summary>A keyset cursor: the raise time (ticks, UTC) and id of the last finding of a page.</summary>
    public readonly record struct Cursor(DateTimeOffset RaisedAt, string FindingId)
    {
        public static string Of(ListedFinding last) => $"{last.RaisedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{last.Finding.FindingId}";

        public static Cursor? Parse(string? cursor)
        {
            if (cursor is null)
                return null;
            var dot = cursor.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                   && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), cursor[(dot + 1)..])
                : null;
        }
    }
}
