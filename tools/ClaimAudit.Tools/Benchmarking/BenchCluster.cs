using ClaimAudit.Cli.Auditing;
using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>
/// The served topology as the benchmark runs it: one silo process and one gateway process started from the builds
/// beside the CLI (<c>ClaimAudit.Silo.dll</c>, <c>ClaimAudit.Gateway.dll</c>), in memory or on PostgreSQL, so the
/// HTTP edge is real and each process's CPU is its own.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<HostProcess> _processes = [];

    private BenchCluster() { }

    public Uri Gateway { get; private set; } = null!;

    public int SiloPid => _processes[0].Pid;

    public int GatewayPid => _processes[1].Pid;

    public string? ConnectionString { get; private set; }

    public string ClusterId { get; } = $"claimaudit-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];

    /// <summary>Starts a silo (durable when a connection string is given) and a gateway in front of it, and waits until the gateway answers.</summary>
    public static async Task<BenchCluster> StartAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var cluster = new BenchCluster { ConnectionString = connectionString };
        try
        {
            var gatewayPort = EmbeddedCluster.FreePort();
            string[] common = ["--Orleans:ClusterId", cluster.ClusterId, "--Logging:LogLevel:Default", "Warning", .. LocalCredentials.HostArgs,
                .. connectionString is null ? Array.Empty<string>() : ["--ConnectionStrings:ClaimAudit", connectionString]];
            var silo = await cluster.StartHostAsync("ClaimAudit.Silo", [.. common, "--Orleans:SiloPort", EmbeddedCluster.FreePort().ToString(),
                "--Orleans:GatewayPort", gatewayPort.ToString()], cancellationToken);
            cluster.Gateway = await cluster.StartHostAsync("ClaimAudit.Gateway", [.. common, "--Orleans:GatewayPort", gatewayPort.ToString()], cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task<Uri> StartHostAsync(string assembly, string[] args, CancellationToken cancellationToken)
    {
        // The hosts beside the tools' own build, run from the caller's directory (no appsettings.json: code defaults).
        var host = await HostProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), () => args, "/readyz",
            Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(120), cancellationToken: cancellationToken);
        _processes.Add(host);
        return host.BaseAddress;
    }

    /// <summary>CPU seconds so far of the silo and of the gateway.</summary>
    public (double Silo, double Gateway) CpuSeconds() => (ProcCpu.Seconds(SiloPid), ProcCpu.Seconds(GatewayPid));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
            await process.DisposeAsync();
    }
}
