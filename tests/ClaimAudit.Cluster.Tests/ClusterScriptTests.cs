using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClaimAudit.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace ClaimAudit.Cluster.Tests;

/// <summary><c>deploy/scripts/cluster.sh</c> run as an operator runs it: processes, ports and membership rows after each command.</summary>
public sealed class ClusterScriptTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Active = 3, Dead = 6; // Orleans SiloStatus as the membership table stores it
    private readonly string _state = Directory.CreateTempSubdirectory("claimaudit-cluster-sh-").FullName;
    private string _database = "";
    private string _connection = "";
    private int _offset;

    private int SiloHttp(int n) => 5180 + _offset + n;
    private int SiloPort(int n) => 11200 + _offset + n;
    private int SiloGatewayPort(int n) => 30200 + _offset + n;
    private int GatewayHttp(int n) => 5280 + _offset + n;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.Instance.CreateDatabaseAsync("script");
        _connection = PostgresServer.Instance.ConnectionString(_database);
        // An offset whose every port the script will use is free now.
        var random = new Random();
        do _offset = random.Next(100, 20_000);
        while (!Enumerable.Range(1, 3).SelectMany(n => new[] { SiloHttp(n), SiloPort(n), SiloGatewayPort(n), GatewayHttp(n) }).All(IsFree));
    }

    public async Task DisposeAsync()
    {
        await RunAsync("stop");
        foreach (var pid in Directory.EnumerateFiles(_state, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim())))
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        Directory.Delete(_state, recursive: true);
        await PostgresServer.Instance.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Start_add_stop_one_and_stop_all_leave_exactly_the_processes_ports_and_membership_rows_they_say()
    {
        await RunAsync("start", "2", "1");
        Assert.Equal([SiloHttp(1), SiloHttp(2)], RunningSilos().Select(p => p.HttpPort).Order());
        Assert.Equal(GatewayHttp(1), Assert.Single(Running("ClaimAudit.Gateway.dll")).HttpPort);
        // Each pid file names the host process itself, so kill -9 of it kills the silo, not a wrapper.
        foreach (var n in new[] { 1, 2 })
            Assert.Equal(SiloHttp(n), HttpPortOf(Pid($"silo-{n}")));

        await RunAsync("add-silo");
        Assert.Equal(3, RunningSilos().Count);
        Assert.Equal([Active, Active, Active], (await Membership()).Select(m => m.Status));

        await RunAsync("stop-silo", "1");
        Assert.Equal([SiloHttp(2), SiloHttp(3)], RunningSilos().Select(p => p.HttpPort).Order());
        Assert.Equal([(SiloPort(1), Dead), (SiloPort(2), Active), (SiloPort(3), Active)], await Membership());
        Assert.True(IsFree(SiloHttp(1)) && IsFree(SiloPort(1)) && IsFree(SiloGatewayPort(1)), "silo 1's ports are still held");

        await RunAsync("stop");
        Assert.Empty(RunningSilos());
        Assert.Empty(Running("ClaimAudit.Gateway.dll"));
        Assert.All(await Membership(), m => Assert.Equal(Dead, m.Status));
        Assert.All(Enumerable.Range(1, 3).SelectMany(n => new[] { SiloHttp(n), SiloPort(n), SiloGatewayPort(n), GatewayHttp(n) }),
            port => Assert.True(IsFree(port), $"port {port} is still held"));
        Assert.Empty(Directory.EnumerateFiles(_state, "*.pid"));
    }

    private async Task RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(BuiltHost.RepositoryRoot, "deploy", "scripts", "cluster.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["CLAIMAUDIT_CONNECTION"] = _connection,
                ["CLAIMAUDIT_CLUSTER_DIR"] = _state,
                ["CLAIMAUDIT_PORT_OFFSET"] = _offset.ToString(),
                ["CONFIGURATION"] = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name,
                ["SKIP_BUILD"] = "1", // the test run built it
            },
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"cluster.sh {string.Join(' ', args)} → {process.ExitCode}\n{await stdout}{await stderr}");
        Assert.Equal(0, process.ExitCode);
    }

    private int Pid(string name) => int.Parse(File.ReadAllText(Path.Combine(_state, name + ".pid")).Trim());

    private List<(int Pid, int HttpPort)> RunningSilos() => Running("ClaimAudit.Silo.dll");

    /// <summary>Live processes (not zombies) of that host whose --urls is one of this test's ports.</summary>
    private List<(int Pid, int HttpPort)> Running(string dll)
    {
        var found = new List<(int, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && CommandLine(pid) is { } args && args.Any(a => a.EndsWith(dll)) && HttpPortOf(pid) is { } port
                && (Enumerable.Range(1, 3).Any(n => port == SiloHttp(n) || port == GatewayHttp(n))) && !IsZombie(pid))
                found.Add((pid, port));
        return found;
    }

    private static string[]? CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static bool IsZombie(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1].StartsWith('Z'); }
        catch (IOException) { return false; }
    }

    private static int? HttpPortOf(int pid) => CommandLine(pid) is { } args && Array.IndexOf(args, "--urls") is >= 0 and var i && i + 1 < args.Length
        ? new Uri(args[i + 1]).Port
        : null;

    private async Task<List<(int Port, int Status)>> Membership()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connection);
        await using var command = dataSource.CreateCommand("SELECT port, status FROM orleansmembershiptable ORDER BY port");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, int)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        return rows;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
