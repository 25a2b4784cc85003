using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>
/// A hospital's own findings and episodes: what <c>GET /api/v1/institutions/{code}/findings</c> answers for its key,
/// filtered by status (its appeals among them), and an episode looked up by its mdtrt_id.
/// </summary>
[Authorize(Policy = Policies.Appeal)]
public sealed class HospitalModel(IClusterClient cluster, InstitutionScope scope, AccessLog log) : ConsolePage
{
    public FindingPage Findings { get; private set; } = new([], null);

    public List<FieldError> Errors { get; } = [];

    public string? Status => Request.Query["status"].FirstOrDefault();

    public string Code => Caller.FixmedinsCode ?? Request.Query["fixmedins_code"].FirstOrDefault() ?? "";

    public async Task<IActionResult> OnGetAsync(string? lookup)
    {
        if (!string.IsNullOrWhiteSpace(lookup) && Code.Length > 0)
            return LocalRedirect($"/console/episodes/{Uri.EscapeDataString(Code)}/{Uri.EscapeDataString(lookup.Trim())}");
        // An administrator names the institution (fixmedins_code); a hospital is always its own.
        if (Code.Length == 0 || !await scope.AllowsAsync(Caller, Code))
            return Page();
        var (query, errors) = await QueriesApi.ReadQuery(HttpContext, scope, null, Code);
        if (query is null)
        {
            Errors.AddRange(errors ?? []);
            return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
        }
        Findings = await cluster.GetGrain<IFindingsGrain>(0).Search(query);
        await QueriesApi.RecordReads(HttpContext, log, "GET /console/hospital", Findings);
        return Page();
    }
}
