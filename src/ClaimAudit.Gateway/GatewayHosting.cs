using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway;

/// <summary>The HTTP API, added to any host that has an Orleans client (a gateway process or the embedded silo).</summary>
public static class GatewayHosting
{
    public static WebApplicationBuilder AddClaimAuditGateway(this WebApplicationBuilder builder, string serviceName = "claimaudit")
    {
        builder.AddClaimAuditObservability(serviceName);
        builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section));
        builder.Services.AddClaimAuditLanes();
        builder.Services.ConfigureHttpJsonOptions(options => NationalJson.Apply(options.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddOptions<ClaimAuditOptions>().Bind(builder.Configuration.GetSection(ClaimAuditOptions.Section));
        builder.Services.AddSingleton<DiagnosisCodes>();
        builder.Services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section));
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthentication.AdminPolicy, policy => policy.RequireRole(ApiKeyAuthentication.AdminRole));
        return builder;
    }

    public static WebApplication MapClaimAuditApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapClaimAuditObservability();
        var api = app.MapGroup("").AddEndpointFilter<UnreadableStateFilter>();
        api.MapInstitutions();
        api.MapEpisodes();
        api.MapRuleSets();
        return app;
    }
}
