using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Telemetry;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway;

/// <summary>The HTTP API, added to any host that has an Orleans client (a gateway process or the embedded silo).</summary>
public static class GatewayHosting
{
    public static WebApplicationBuilder AddClaimAuditGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section));
        builder.Services.ConfigureHttpJsonOptions(options => NationalJson.Apply(options.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddOptions<ClaimAuditOptions>().Bind(builder.Configuration.GetSection(ClaimAuditOptions.Section));
        builder.Services.AddSingleton<DiagnosisCodes>();
        return builder;
    }

    public static WebApplication MapClaimAuditApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapInstitutions();
        app.MapEpisodes();
        app.MapRuleSets();
        return app;
    }
}
