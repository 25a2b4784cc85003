using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClaimAudit.Silo.Tests;

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

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
                    return dir.FullName;
            throw new DirectoryNotFoundException("Cluster.sln not found above the test binaries");
        }
    }

    /// <summary>Starts <c>src/{project}</c>'s build output (same configuration as the tests) and waits until it answers /healthz.</summary>
    public static async Task<HostProcess> StartAsync(string project, params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/{configuration}/net10.0/
        var output = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(output, project + ".dll"), "--urls", $"http://127.0.0.1:{port}", .. args])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var host = new HostProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        return host;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
