using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>The console's start: each role's own first page.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel : ConsolePage
{
    public IActionResult OnGet() => LocalRedirect(Caller.Role switch
    {
        "hospital" => "/console/hospital",
        _ => "/console/reviews",
    });
}
