using ClaimAudit.Grains.Hosting;

namespace ClaimAudit.Silo;

/// <summary>Settings of the <c>Orleans</c> configuration section for the embedded (localhost) cluster.</summary>
public sealed class EmbeddedClusterOptions
{
    public const string Section = "Orleans";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
}

public static class SiloHosting
{
    /// <summary>
    /// Adds a ClaimAudit silo to the host. With no connection string this is the embedded default: localhost
    /// clustering and in-memory storage — nothing survives the process, and the log says so.
    /// </summary>
    public static IHostApplicationBuilder AddClaimAuditSilo(this IHostApplicationBuilder builder)
    {
        var ports = builder.Configuration.GetSection(EmbeddedClusterOptions.Section).Get<EmbeddedClusterOptions>() ?? new();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ports.SiloPort, ports.GatewayPort);
            silo.AddMemoryGrainStorage(StorageNames.ClaimAudit);
            silo.Services.AddSingleton<IEpisodeStore, InMemoryEpisodeStore>();
        });
        builder.Services.AddClaimAuditGrainServices(builder.Configuration);
        builder.Services.AddHostedService<EmbeddedDefaultNotice>();
        return builder;
    }

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
