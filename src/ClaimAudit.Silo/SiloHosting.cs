using System.Net;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.AccessLog;
using ClaimAudit.Grains.Credentials;
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
                silo.Services.AddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
                silo.Services.AddSingleton<IAccessLogStore, InMemoryAccessLogStore>();
            }
        });
        builder.Services.AddClaimAuditGrainServices(builder.Configuration);
        if (!durable)
            builder.Services.AddHostedService<EmbeddedDefaultNotice>();
        builder.Services.AddHostedService<FirstAdminKey>();
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

/// <summary>
/// A cluster with no way in is no use: when no key and no token issuer is configured, the embedded default makes one
/// admin key at start and prints it once (as notebook servers print their token); a durable cluster says how to make
/// one with <c>claimaudit keys create</c>. The key lives as long as the process, like everything embedded.
/// </summary>
internal sealed class FirstAdminKey(
    IConfiguration configuration, IServiceProvider services, ILogger<FirstAdminKey> logger, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var security = configuration.GetSection(Gateway.Security.SecurityOptions.Section).Get<Gateway.Security.SecurityOptions>() ?? new();
        if (security.ApiKeys.Count > 0 || security.Jwt.Enabled)
            return;
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(SiloHosting.ConnectionStringName)))
        {
            logger.LogWarning("No API key or token issuer is configured (Security:ApiKeys, Security:Jwt): only keys stored in the " +
                              "database are accepted. Create one with: claimaudit keys create --role admin --name <who>");
            return;
        }
        var store = services.GetRequiredService<IApiKeyStore>();
        var created = await ApiKeyIssuer.IssueAsync(store, new ApiKeyRequest("embedded-admin", Roles.Admin, null, null), clock, cancellationToken);
        logger.LogWarning("No API key is configured. This run's admin key (send it as X-Api-Key; it ends with this process): {ApiKey}", created.Secret);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DashboardHosting
{
    /// <summary>The Orleans dashboard at <c>/dashboard</c>, for operators and administrators only.</summary>
    public static WebApplication MapClaimAuditDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(Gateway.Security.Policies.Operate);
        return app;
    }
}
