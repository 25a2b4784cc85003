using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>Where a signed-in person lands on a page outside their role (the cookie scheme's access-denied path).</summary>
[AllowAnonymous]
public sealed class DeniedModel : PageModel
{
    public void OnGet()
    {
    }
}
