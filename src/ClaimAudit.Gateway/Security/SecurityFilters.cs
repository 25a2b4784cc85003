using ClaimAudit.Gateway.Api;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Security;

/// <summary>
/// Identifiers in the path are national fields too: over their length or holding control characters they are a
/// 400 naming the parameter, before anything looks them up (or echoes them).
/// </summary>
public sealed class RouteIdentifierFilter : IEndpointFilter
{
    private static readonly Dictionary<string, int> NonNational = new(StringComparer.Ordinal) { ["finding_id"] = 64, ["key_id"] = 64 };

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new List<FieldError>();
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (value is not string text)
                continue;
            if (NationalFieldLengths.Check(name, text, NonNational.TryGetValue(name, out var limit) ? limit : null) is { } reason)
                errors.Add(new FieldError(name, reason));
        }
        return errors.Count > 0 ? ValueTask.FromResult<object?>(Problems.Invalid(errors)) : next(context);
    }
}

/// <summary>The <c>{fixmedins_code}</c> in the path must be in the caller's scope; otherwise the resource does not exist for it.</summary>
public sealed class InstitutionScopeFilter(InstitutionScope scope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.RouteValues["fixmedins_code"] is string code
            && !await scope.AllowsAsync(Caller.Of(context.HttpContext.User), code))
            return Problems.NotFound(NotFoundSubject(context.HttpContext));
        return await next(context);
    }

    /// <summary>The same words as a resource that really is not there, so the two answers cannot be told apart.</summary>
    public static string NotFoundSubject(HttpContext http) => http.Request.RouteValues.ContainsKey("mdtrt_id") ? "episode" : "institution";
}
