using System.Diagnostics;
using System.Net;
using ClaimAudit.Cli.Auditing;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>
/// The served topology as the benchmark runs it: one silo process and one gateway process started from the builds
/// beside the CLI (<c>ClaimAudit.Silo.dll</c>, <c>ClaimAudit.Gateway.dll</c>), in memory or on PostgreSQL, so the
/// HTTP edge is real and each process's CPU is its own.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    private BenchCluster() { }

    public Uri Gateway { get; private set; } = null!;

    public int SiloPid => _processes[0].Id;

    public int GatewayPid => _processes[1].Id;

    public string? ConnectionString { get; private set; }

    public string ClusterId { get; } = $"claimaudit-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];

    /// <summary>Starts a silo (durable when a connection string is given) and a gateway in front of it, and waits until the gateway answers.</summary>
    public static async Task<BenchCluster> StartAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var cluster = new BenchCluster { ConnectionString = connectionString };
        try
        {
            var gatewayPort = EmbeddedCluster.FreePort();
            string[] common = ["--Orleans:ClusterId", cluster.ClusterId, "--Logging:LogLevel:Default", "Warning",
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
        var port = EmbeddedCluster.FreePort();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), "--urls", $"http://127.0.0.1:{port}", .. args])
        {
            WorkingDirectory = Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        _processes.Add(process);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { } d && log.Count < 200) log.Enqueue(d); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } d && log.Count < 200) log.Enqueue(d); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{assembly} exited with {process.ExitCode}:\n{string.Join('\n', log)}");
            try
            {
                if ((await http.GetAsync("/readyz", cancellationToken)).StatusCode == HttpStatusCode.OK)
                    return address;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException($"{assembly} not ready within 120 s:\n{string.Join('\n', log)}");
    }

    /// <summary>CPU seconds so far of the silo and of the gateway.</summary>
    public (double Silo, double Gateway) CpuSeconds() => (ProcCpu.Seconds(SiloPid), ProcCpu.Seconds(GatewayPid));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
