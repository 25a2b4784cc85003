using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ClaimAudit.Gateway.Console;

/// <summary>
/// Checks the anti-forgery token of every form a browser sends: signed in by the console's cookie, or not signed in
/// at all (the sign-in form itself). A request authenticated by its own X-Api-Key or bearer token carries no ambient
/// credential another site could borrow, so it is judged like an API call.
/// </summary>
public sealed class ConsoleAntiforgery : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var browser = http.User.Identity?.IsAuthenticated != true || http.User.Identity.AuthenticationType == ConsoleHosting.CookieScheme;
        if (browser && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                context.Result = new Microsoft.AspNetCore.Mvc.BadRequestObjectResult("表单已过期或来源不明，请刷新页面后重试。(anti-forgery token missing or invalid)");
                return;
            }
        }
        await next();
    }
}
