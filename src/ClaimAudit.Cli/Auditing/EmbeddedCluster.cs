using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Silo;

namespace ClaimAudit.Cli.Auditing;

/// <summary>
/// A silo run inside the CLI process on free ports — the embedded default (localhost clustering, in-memory
/// storage) or, with a connection string, a durable one — so batch audits and benchmarks go through the same
/// grains as the served cluster.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IRuleSetProvider Rules => _host.Services.GetRequiredService<IRuleSetProvider>();

    /// <summary>Starts a silo in this process: the embedded default, or a durable one when a connection string is given.</summary>
    public static async Task<EmbeddedCluster> StartAsync(string? rulesPath, CancellationToken cancellationToken, string? connectionString = null)
    {
        // Ports are found free, then bound a moment later: when another process took one in between, try new ones.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(rulesPath, connectionString, cancellationToken);
            }
            catch (Exception) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task<EmbeddedCluster> StartOnFreePortsAsync(string? rulesPath, string? connectionString, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = $"claimaudit-cli-{Environment.ProcessId}",
            ["ClaimAudit:RulesPath"] = rulesPath,
            ["ConnectionStrings:ClaimAudit"] = connectionString,
        });
        // Standard output carries the CLI's own results; the host's log goes to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddClaimAuditSilo();
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }
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
