using System.Diagnostics;
using System.Net;
using System.Text;

namespace ClaimAudit.Tools.Hosting;

/// <summary>
/// A ClaimAudit host (silo or gateway) run as its own OS process from a build output, as a user runs it: started,
/// polled until it answers, and stopped gracefully (SIGTERM) or killed. The benchmark and the tests start hosts
/// through this one class.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 2_000;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the host wrote (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    /// <summary>
    /// Starts <paramref name="assemblyPath"/> with <c>--urls</c> on a free port and waits until
    /// <paramref name="readinessPath"/> answers 200. The arguments are made afresh for each attempt: a port found
    /// free can be taken by another process before the host binds it (tests run side by side), so a host that fails
    /// with "address already in use" is started again on new ports.
    /// </summary>
    public static async Task<HostProcess> StartAsync(
        string assemblyPath,
        Func<string[]> args,
        string readinessPath = "/healthz",
        string? workingDirectory = null,
        TimeSpan? limit = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = ClaimAudit.Cli.Auditing.EmbeddedCluster.FreePort();
            var info = new ProcessStartInfo("dotnet", [assemblyPath, "--urls", $"http://127.0.0.1:{port}", .. args()])
            {
                WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assemblyPath)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
                info.Environment[name] = value;
            var host = new HostProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
            try
            {
                await host.WaitUntilReadyAsync(readinessPath, limit ?? TimeSpan.FromSeconds(120), cancellationToken);
                return host;
            }
            catch (InvalidOperationException) when (attempt < 4 && host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await host.DisposeAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGKILL: the process gets no chance to leave the cluster or flush anything.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: the host shuts down gracefully (the silo leaves the cluster, grains deactivate).</summary>
    public async Task StopGracefullyAsync(TimeSpan limit)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptOutputLines)
                _output.Dequeue();
        }
    }

    private async Task WaitUntilReadyAsync(string readinessPath, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"host exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(readinessPath, cancellationToken)).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"host not ready ({readinessPath}) within {limit}:\n{Output}");
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
