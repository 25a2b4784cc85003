using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Console;
using ClaimAudit.Gateway.Imports;
using ClaimAudit.Gateway.National;
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
        builder.Services.AddOpenApi(ApiDocs.Configure);
        builder.Services.AddOptions<ClaimAuditOptions>().Bind(builder.Configuration.GetSection(ClaimAuditOptions.Section));
        builder.Services.AddSingleton<DiagnosisCodes>();
        builder.Services.AddOptions<NationalOptions>().Bind(builder.Configuration.GetSection(NationalOptions.Section))
            .Validate(o => o.TimeBudgetMs is > 0 and <= 60_000, "National:TimeBudgetMs must be between 1 and 60000 (milliseconds)").ValidateOnStart();
        builder.Services.AddSingleton<RuleNames>();
        builder.Services.AddSingleton<NationalMessages>();
        builder.Services.AddOptions<ImportOptions>().Bind(builder.Configuration.GetSection(ImportOptions.Section));
        builder.Services.AddSingleton<ImportJobs>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ImportJobs>());
        builder.AddClaimAuditSecurity();
        builder.AddClaimAuditConsole();
        return builder;
    }

    public static WebApplication MapClaimAuditApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseClaimAuditConsoleAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseClaimAuditLanes();
        app.MapApiDocs();
        app.MapClaimAuditObservability();
        // Every API endpoint: identifiers checked, the caller's rate limit, unreadable grains as 503. Each group
        // declares its own authorization policy; the fallback policy (authenticated) catches one that forgets.
        var api = app.MapGroup("")
            .AddEndpointFilter<RouteIdentifierFilter>()
            .AddEndpointFilter<UnreadableStateFilter>()
            .RequireRateLimiting(SecurityHosting.PerCredentialLimit);
        api.MapInstitutions();
        api.MapEpisodes();
        api.MapFindings();
        api.MapQueries();
        api.MapRuleSets();
        api.MapApiKeys();
        api.MapAccessLog();
        api.MapNational();
        api.MapImports();
        app.MapClaimAuditConsole();
        return app;
    }
}
