using System.Net;
using System.Net.Sockets;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Silo;

namespace ClaimAudit.Cli.Auditing;

/// <summary>
/// The embedded default (one silo, localhost clustering, in-memory storage) run inside the CLI process on free
/// ports, so a batch audit goes through the same grains as the served cluster.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IRuleSetProvider Rules => _host.Services.GetRequiredService<IRuleSetProvider>();

    public static async Task<EmbeddedCluster> StartAsync(string? rulesPath, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort().ToString(),
            ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["ClaimAudit:RulesPath"] = rulesPath,
        });
        // Standard output carries the CLI's own results; the host's log goes to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddClaimAuditSilo();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedCluster(host);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
