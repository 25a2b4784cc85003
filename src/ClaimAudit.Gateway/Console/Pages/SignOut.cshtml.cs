using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>Ends the session (a form post, so another site cannot sign a person out with a link).</summary>
[AllowAnonymous]
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(ConsoleHosting.PathPrefix + "/signin");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleHosting.CookieScheme);
        return LocalRedirect(ConsoleHosting.PathPrefix + "/signin");
    }
}
