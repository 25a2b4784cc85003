using System.Diagnostics;
using System.Net;
using System.Text;

namespace ClaimAudit.Testing;

/// <summary>A ClaimAudit host (silo or gateway) run as its own OS process from its build output, as a user runs it.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string RepositoryRoot => PostgresServer.RepositoryRoot();

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: the process gets no chance to leave the cluster or flush anything.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: the host shuts down gracefully (the silo leaves the cluster, grains deactivate).</summary>
    public async Task StopGracefullyAsync(TimeSpan limit)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Starts <c>src/{project}</c>'s build output (same configuration as the tests) and waits until it answers /healthz.</summary>
    public static Task<HostProcess> StartAsync(string project, params string[] args) => StartAsync(project, () => args);

    /// <summary>
    /// As above, with arguments made afresh for each attempt: a port found free can be taken by another process
    /// before the host binds it (tests run side by side), so a host that fails with "address already in use" is
    /// started again on new ports.
    /// </summary>
    public static async Task<HostProcess> StartAsync(string project, Func<string[]> args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/{configuration}/net10.0/
            var output = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0");
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet", [Path.Combine(output, project + ".dll"), "--urls", $"http://127.0.0.1:{port}", .. args()])
            {
                WorkingDirectory = output,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var host = new HostProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
            try
            {
                await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
                return host;
            }
            catch (InvalidOperationException) when (attempt < 4 && host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await host.DisposeAsync();
            }
        }
    }

    public static int FreePort() => PostgresServer.FreePort();

    private async Task WaitUntilHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"host exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"host not healthy within {limit}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
