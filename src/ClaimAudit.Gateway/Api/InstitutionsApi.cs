using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Api;

/// <summary>Institutions (定点医药机构): attributes the rules need, and their counters.</summary>
public static class InstitutionsApi
{
    public static RouteGroupBuilder MapInstitutions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/institutions").WithTags("Institutions");
        group.MapPut("/{fixmedins_code}", Put)
            .RequireAuthorization(Policies.Admin)
            .Accepts<InstitutionRequest>("application/json")
            .Produces<InstitutionView>()
            .ProducesValidationProblem()
            .WithSummary("Register or update an institution (name, hosp_lv, admdvs)");
        group.MapGet("/{fixmedins_code}", Get)
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<InstitutionScopeFilter>()
            .Produces<InstitutionView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An institution's attributes and counters");
        return group;
    }

    private static async Task<IResult> Put(
        string fixmedins_code, HttpRequest request, IClusterClient cluster, InstitutionScope scope, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null)
            return error;
        var reader = new NationalReader();
        var name = reader.Text(body, "", "name", required: false) ?? reader.Text(body, "", "fixmedins_name", required: false);
        var hospLv = reader.Text(body, "", "hosp_lv", required: true);
        var admdvs = reader.Text(body, "", "admdvs", required: false);
        if (hospLv is not null && !InstitutionLevels.IsKnownHospLv(hospLv))
            reader.Fail("hosp_lv", $"'{hospLv}' is not a national hosp_lv code (01–14)");
        if (reader.HasErrors)
            return Problems.Invalid(reader.Errors);
        var view = await cluster.GetGrain<IInstitutionGrain>(fixmedins_code).Upsert(new InstitutionProfile(fixmedins_code, name, hospLv, admdvs));
        scope.Forget(fixmedins_code);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> Get(string fixmedins_code, IClusterClient cluster) =>
        await cluster.GetGrain<IInstitutionGrain>(fixmedins_code).Get() is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("institution");
}

public sealed record InstitutionRequest(string? Name, string HospLv, string? Admdvs);
