using ClaimAudit.Abstractions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ClaimAudit.Gateway.Security;

/// <summary>Counts each request refused for its credential once — 401 (none, unknown, revoked) or 403 (outside its role) — then answers as ASP.NET Core does.</summary>
public sealed class CountedRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
            ClaimAuditTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("status", "401"));
        else if (authorizeResult.Forbidden)
            ClaimAuditTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("status", "403"));
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
