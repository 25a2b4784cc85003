using System.Globalization;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Api;

/// <summary>The access log (admin): who read which episode's personal data, newest first.</summary>
public static class AccessLogApi
{
    public static IEndpointRouteBuilder MapAccessLog(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/admin/access-log", Query)
            .RequireAuthorization(Policies.Admin)
            .WithTags("Access log")
            .Produces<IReadOnlyList<AccessEntry>>()
            .ProducesValidationProblem()
            .WithSummary("Reads of episodes' personal data: fixmedins_code, mdtrt_id, credential_id, from, to (ISO 8601), limit (1–1,000)");
        return routes;
    }

    private static async Task<IResult> Query(HttpContext http, IClusterClient cluster)
    {
        var q = http.Request.Query;
        var errors = new List<FieldError>();
        DateTimeOffset? Time(string name)
        {
            var value = q[name].FirstOrDefault();
            if (string.IsNullOrEmpty(value))
                return null;
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                return time;
            errors.Add(new FieldError(name, "expected an ISO 8601 time"));
            return null;
        }
        var code = QueryText.Read(http.Request, "fixmedins_code", errors);
        var mdtrt = QueryText.Read(http.Request, "mdtrt_id", errors);
        var credential = QueryText.Read(http.Request, "credential_id", errors);
        var from = Time("from");
        var to = Time("to");
        var limit = 100;
        if (q["limit"].FirstOrDefault() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1_000))
            errors.Add(new FieldError("limit", "expected a whole number from 1 to 1000"));
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        return TypedResults.Ok(await cluster.GetGrain<IAccessLogGrain>(0).Query(new AccessLogQuery(code, mdtrt, credential, from, to, limit)));
    }
}
