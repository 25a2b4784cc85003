using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClaimAudit.Gateway;

/// <summary>Settings of the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>An OTLP collector (gRPC) to export traces and metrics to; none by default.</summary>
    public string? OtlpEndpoint { get; set; }
}

/// <summary>
/// Traces across gateway → grains (Orleans activity sources; every silo and client adds activity propagation),
/// metrics (Orleans' meter and ClaimAudit's) on a Prometheus <c>/metrics</c> endpoint and, when configured, OTLP;
/// <c>/healthz</c> (the process is up) and <c>/readyz</c> (the cluster answers).
/// </summary>
public static class Observability
{
    public static WebApplicationBuilder AddClaimAuditObservability(this WebApplicationBuilder builder, string serviceName)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", ClaimAuditTelemetry.Name))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", ClaimAuditTelemetry.Name)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
            telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(options.OtlpEndpoint));
        builder.Services.AddHealthChecks().AddCheck<ClusterReadyCheck>("cluster", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapClaimAuditObservability(this WebApplication app)
    {
        // Metrics: operators (or administrators), or anyone on the separate metrics port when one is configured.
        var metricsPort = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.MetricsPort;
        if (metricsPort is { } port)
        {
            // Adding an address replaces the configured ones (Urls, --urls), so they are added back first.
            var configured = app.Configuration[WebHostDefaults.ServerUrlsKey];
            foreach (var url in (string.IsNullOrWhiteSpace(configured) ? "http://localhost:5000" : configured)
                         .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!app.Urls.Contains(url))
                    app.Urls.Add(url);
            app.Urls.Add($"http://0.0.0.0:{port}");
        }
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Metrics);
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription().AllowAnonymous();
        app.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .AllowAnonymous();
        return app;
    }

    /// <summary>Ready when a grain call goes through: the silo (or, for a gateway, some silo) is up and has its rule sets.</summary>
    private sealed class ClusterReadyCheck(IClusterClient cluster) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var status = await cluster.GetGrain<IRulesGrain>(IRulesGrain.Key).Status().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return HealthCheckResult.Healthy($"rule set {status.NationalVersion}, generation {status.Generation}");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("the cluster does not answer", e);
            }
        }
    }
}
