using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

[AllowAnonymous]
public sealed class SignInModel(ConsoleSignIn signIn) : PageModel
{
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? credential)
    {
        Error = await signIn.SignInAsync(HttpContext, credential);
        if (Error is not null)
            return new PageResult { StatusCode = StatusCodes.Status401Unauthorized };
        // Only a page of the console itself: never a redirect elsewhere (open redirect).
        return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(ConsoleHosting.PathPrefix + "/", StringComparison.Ordinal) ? url : ConsoleHosting.PathPrefix + "/");
    }
}
