using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>An administrator reloads rules/ (as POST /api/v1/admin/rulesets/reload); a refused file is shown with its file:line, and the previous sets keep running.</summary>
[Authorize(Policy = Policies.Admin)]
[ConsoleMethods("POST")]
public sealed class RuleSetsReloadModel(IClusterClient cluster) : PageModel
{
    public RulesStatus Status { get; private set; } = null!;

    public async Task<IActionResult> OnPostAsync()
    {
        Status = await cluster.GetGrain<IRulesGrain>(IRulesGrain.Key).Reload();
        return Status.RefusedFile is null ? Page() : new PageResult { StatusCode = StatusCodes.Status422UnprocessableEntity };
    }
}
