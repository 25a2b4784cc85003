using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Api;

/// <summary>API keys the cluster stores (admin): create (the secret is answered once), list, revoke.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/keys").WithTags("API keys").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (IClusterClient cluster) => TypedResults.Ok(await cluster.GetGrain<ICredentialsGrain>(0).List()))
            .WithSummary("Every stored key (never a secret), revoked ones with the time of revocation");
        group.MapPost("/", Create)
            .Accepts<ApiKeyRequest>("application/json")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Create a key for a hospital, reviewer, bureau, admin or operator; the answer holds its secret, shown this once");
        group.MapDelete("/{key_id}", Revoke)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke a key: every gateway refuses it within Security:KeyCacheSeconds");
        return group;
    }

    private static async Task<IResult> Create(HttpRequest request, IClusterClient cluster, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null)
            return error;
        var reader = new NationalReader();
        var name = reader.Text(body, "", "name", required: true);
        var role = reader.Text(body, "", "role", required: true);
        var code = reader.Text(body, "", "fixmedins_code", required: false);
        var admdvs = reader.Text(body, "", "admdvs", required: false);
        if (role is not null && Roles.Invalid(role, code, admdvs) is { } reason)
            reader.Fail(role == Roles.Hospital ? "fixmedins_code" : role is Roles.Reviewer or Roles.Bureau ? "admdvs" : "role", reason);
        if (reader.HasErrors)
            return Problems.Invalid(reader.Errors);
        var created = await cluster.GetGrain<ICredentialsGrain>(0).Create(new ApiKeyRequest(name!, role!, code, admdvs));
        return TypedResults.Created($"/api/v1/admin/keys/{created.Key.KeyId}", created);
    }

    private static async Task<IResult> Revoke(string key_id, IClusterClient cluster, ApiKeyDirectory directory)
    {
        if (!await cluster.GetGrain<ICredentialsGrain>(0).Revoke(key_id))
            return Problems.NotFound("key");
        directory.Forget(key_id); // other gateways follow within their trust period
        return TypedResults.NoContent();
    }
}
