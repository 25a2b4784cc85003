using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>What every console page shares: the caller as the API sees it, and "not found" answered as the API answers it (404, nothing of what was asked).</summary>
public abstract class ConsolePage : PageModel
{
    public Caller Caller => Caller.Of(User) ?? throw new InvalidOperationException("a console page ran without a signed-in caller");

    /// <summary>Set when the page answers 404: another institution's resource looks exactly like one that does not exist.</summary>
    public bool Missing { get; private set; }

    protected IActionResult NotFoundPage()
    {
        Missing = true;
        return new PageResult { StatusCode = StatusCodes.Status404NotFound };
    }

    public bool May(string policy) => Policies.RolesOf[policy].Contains(Caller.Role);
}
