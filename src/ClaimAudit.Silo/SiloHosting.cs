using System.Net;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using ClaimAudit.Persistence;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace ClaimAudit.Silo;

/// <summary>Settings of the <c>Orleans</c> configuration section for the embedded (localhost) cluster.</summary>
public sealed class EmbeddedClusterOptions
{
    public const string Section = "Orleans";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and gateways reach this silo at (with PostgreSQL membership).</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Running as a Kubernetes pod: the pod's name, namespace and IP come from the environment.</summary>
    public bool Kubernetes { get; set; }
}

public static class SiloHosting
{
    public const string ConnectionStringName = "ClaimAudit";

    /// <summary>
    /// Adds a ClaimAudit silo to the host. With a connection string (<c>ConnectionStrings:ClaimAudit</c>) it joins
    /// the cluster whose membership and state are in that PostgreSQL database, creating the schema if missing.
    /// Without one this is the embedded default: localhost clustering and in-memory storage — nothing survives the
    /// process, and the log says so.
    /// </summary>
    public static IHostApplicationBuilder AddClaimAuditSilo(this IHostApplicationBuilder builder)
    {
        var ports = builder.Configuration.GetSection(EmbeddedClusterOptions.Section).Get<EmbeddedClusterOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var durable = !string.IsNullOrWhiteSpace(connectionString);
        if (durable)
            builder.Services.AddClaimAuditPostgres(connectionString!); // registered before the silo, so the schema exists when it starts
        builder.UseOrleans(silo =>
        {
            silo.AddActivityPropagation();
            silo.AddDashboard();
            if (durable)
            {
                var identity = builder.Configuration.GetSection(EmbeddedClusterOptions.Section).Get<ClusterIdentity>() ?? new();
                silo.UseClaimAuditPostgres(connectionString!, identity);
                if (ports.Kubernetes)
                    silo.UseKubernetesHosting(); // POD_NAME, POD_NAMESPACE, POD_IP; membership stays in PostgreSQL
                else
                    silo.ConfigureEndpoints(AdvertisedAddress(ports.AdvertisedIP), ports.SiloPort, ports.GatewayPort, listenOnAnyHostAddress: ports.AdvertisedIP != "127.0.0.1");
                // Failure detection and call timeouts are deployment settings (Orleans:Membership, Orleans:Messaging).
                silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
                silo.Configure<SiloMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));
            }
            else
            {
                silo.UseLocalhostClustering(ports.SiloPort, ports.GatewayPort);
                silo.AddMemoryGrainStorage(StorageNames.ClaimAudit).UseCheckedGrainStorage(StorageNames.ClaimAudit);
                silo.Services.AddSingleton<IEpisodeStore, InMemoryEpisodeStore>();
            }
        });
        builder.Services.AddClaimAuditGrainServices(builder.Configuration);
        if (!durable)
            builder.Services.AddHostedService<EmbeddedDefaultNotice>();
        return builder;
    }

    /// <summary>An IP address, or <c>auto</c>: this host's own IPv4 address (a container's, whose address is not known in advance).</summary>
    private static IPAddress AdvertisedAddress(string configured) => configured == "auto"
        ? Dns.GetHostAddresses(Dns.GetHostName()).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        : IPAddress.Parse(configured);

    private sealed class EmbeddedDefaultNotice(ILogger<EmbeddedDefaultNotice> logger, IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // Load the rule set now, so a broken rules/ folder stops the start instead of the first request.
            _ = services.GetRequiredService<IRuleSetProvider>().Current;
            logger.LogWarning("Embedded default: one process, localhost clustering, in-memory storage. NOTHING IS DURABLE: episodes, lines and findings are lost when this process stops.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

public static class DashboardHosting
{
    /// <summary>The Orleans dashboard at <c>/dashboard</c>, for administrators only.</summary>
    public static WebApplication MapClaimAuditDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(Gateway.Security.ApiKeyAuthentication.AdminPolicy);
        return app;
    }
}
