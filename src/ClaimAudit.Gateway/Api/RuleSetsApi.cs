using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;

namespace ClaimAudit.Gateway.Api;

/// <summary>Rule sets (admin): what is in force, and a reload of <c>rules/</c> across the cluster.</summary>
public static class RuleSetsApi
{
    public static RouteGroupBuilder MapRuleSets(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/rulesets").WithTags("Rule sets").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (IClusterClient cluster) => TypedResults.Ok(await cluster.GetGrain<IRulesGrain>(IRulesGrain.Key).Status()))
            .WithSummary("The rule-set versions in force (national and regional) and the cluster's reload generation");
        group.MapPost("/reload", Reload)
            .Produces<RulesStatus>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Reload rules/ on every silo; a broken file is refused with file:line and the previous sets keep running");
        // Reading the rules is not an administrator's privilege: a reviewer decides by them, a hospital is judged by them.
        routes.MapGet("/api/v1/rulesets", async (IClusterClient cluster) => TypedResults.Ok(await cluster.GetGrain<IRulesGrain>(IRulesGrain.Key).Sets()))
            .RequireAuthorization(Policies.Read)
            .WithTags("Rule sets")
            .Produces<IReadOnlyList<RuleSetView>>()
            .WithSummary("Every rule set in force (national, then each region's): each rule's kind, severity, parameters, effective dates and basis");
        return group;
    }

    private static async Task<IResult> Reload(IClusterClient cluster)
    {
        var status = await cluster.GetGrain<IRulesGrain>(IRulesGrain.Key).Reload();
        if (status.RefusedFile is null)
            return TypedResults.Ok(status);
        return TypedResults.Problem(
            detail: $"{status.RefusedFile}:{status.RefusedLine}: {status.RefusedReason}",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: $"Rule sets not reloaded; version {status.NationalVersion} keeps running.",
            extensions: new Dictionary<string, object?> { ["file"] = status.RefusedFile, ["line"] = status.RefusedLine, ["reason"] = status.RefusedReason });
    }
}
