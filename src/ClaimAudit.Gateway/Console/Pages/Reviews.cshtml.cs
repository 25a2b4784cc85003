using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>
/// 审核工作台: the review queue with the search's filters, counts per status, keyset paging, and several findings
/// confirmed or dismissed with one reason. The filters are the API's query parameters, read by the same code
/// (<see cref="QueriesApi.ReadQuery"/>), so the page holds exactly what <c>GET /api/v1/findings</c> would answer.
/// </summary>
[Authorize(Policy = Policies.Query)]
public sealed class ReviewsModel(IClusterClient cluster, InstitutionScope scope, AccessLog log) : ConsolePage
{
    public static readonly string[] StatusTabs = ["pending_review", "appealed", "open", "confirmed", "dismissed", "upheld", "overturned", "withdrawn"];

    public FindingPage Findings { get; private set; } = new([], null);

    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    public List<FieldError> Errors { get; } = [];

    public string? Status => Request.Query["status"].FirstOrDefault();

    /// <summary>
    /// A filter's value as sent, to show it again — except when it named a region or institution outside the caller's:
    /// then the page is what the API answers (nothing), and holds nothing of what was asked either.
    /// </summary>
    public string Filter(string name) => _outOfScope ? "" : Request.Query[name].FirstOrDefault() ?? "";

    private bool _outOfScope;

    public async Task<IActionResult> OnGetAsync()
    {
        // Without a status the queue is what awaits a reviewer; a tab names one status.
        var (query, errors) = await QueriesApi.ReadQuery(HttpContext, scope, string.IsNullOrEmpty(Status) ? QueriesApi.AwaitingReview : null);
        if (errors is not null)
        {
            Errors.AddRange(errors);
            return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
        }
        if (query is null)
        {
            _outOfScope = true; // a region or institution outside the caller's: nothing there
            return Page();
        }
        // Both questions at once: the findings grain is a stateless worker, so they run side by side.
        var findings = cluster.GetGrain<IFindingsGrain>(0);
        var (page, counts) = (findings.Search(query), findings.CountByStatus(query));
        (Findings, Counts) = (await page, await counts);
        await QueriesApi.RecordReads(HttpContext, log, "GET /console/reviews", Findings);
        return Page();
    }

    /// <summary>This page with the same filters and one changed (a tab, the next page).</summary>
    public string With(string name, string? value)
    {
        var query = Request.Query.Where(q => q.Key != name && q.Key != "page" && (!_outOfScope || q.Key == "status")).ToDictionary(q => q.Key, q => q.Value.ToString());
        if (value is not null)
            query[name] = value;
        return "/console/reviews" + QueryString.Create(query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => KeyValuePair.Create(q.Key, (string?)q.Value)));
    }

    public string NextPage() => With("page", Findings.Next);
}
