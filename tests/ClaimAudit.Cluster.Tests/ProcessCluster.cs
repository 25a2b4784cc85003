using ClaimAudit.Cli.Auditing;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Cluster.Tests;

/// <summary>
/// N silo processes and M gateway processes on one PostgreSQL database, as an operator runs them: each silo is
/// <c>ClaimAudit.Silo</c> with the same connection string and its own ports; each gateway is <c>ClaimAudit.Gateway</c>.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private readonly string _database;
    private readonly List<HostProcess> _silos = [];
    private readonly List<HostProcess> _gateways = [];
    private readonly List<string> _homes = [];

    private ProcessCluster(PostgresServer server, string database, string connectionString)
    {
        _server = server;
        _database = database;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>More settings every silo started from now on gets (a rules folder, say).</summary>
    public string[] SiloSettings { get; set; } = [];

    public IReadOnlyList<HostProcess> Silos => _silos;

    public IReadOnlyList<HostProcess> Gateways => _gateways;

    // Failure detection fast enough for a test: a killed silo is declared dead within seconds, not a minute.
    private static readonly string[] FastFailureDetection =
    [
        "--Orleans:Membership:ProbeTimeout", "00:00:02", "--Orleans:Membership:NumMissedProbesLimit", "2",
        "--Orleans:Membership:IAmAliveTablePublishTimeout", "00:00:05", "--Orleans:Messaging:ResponseTimeout", "00:00:15",
        "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
        .. LocalCredentials.HostArgs,
    ];

    /// <summary>
    /// A fresh database (on the shared server, or on <paramref name="server"/>), prepared by <paramref name="prepare"/>
    /// (given its connection string) before any process starts.
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(int silos, int gateways, Func<string, Task>? prepare = null, string[]? siloSettings = null, PostgresServer? server = null)
    {
        server ??= PostgresServer.Instance;
        var database = await server.CreateDatabaseAsync("cluster");
        var cluster = new ProcessCluster(server, database, server.ConnectionString(database)) { SiloSettings = siloSettings ?? [] };
        if (prepare is not null)
            await prepare(cluster.ConnectionString);
        await cluster.StartProcessesAsync(silos, gateways);
        return cluster;
    }

    /// <summary>Starts silos (the first alone: it creates the schema) and gateways on this cluster's database.</summary>
    public async Task StartProcessesAsync(int silos, int gateways)
    {
        await AddSiloAsync();
        await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => AddSiloAsync()));
        for (var g = 0; g < gateways; g++)
        {
            // Each gateway has a home of its own, as on a machine (or pod) of its own: nothing it keeps there is shared.
            var home = Directory.CreateTempSubdirectory("claimaudit-gateway-").FullName;
            _homes.Add(home);
            _gateways.Add(await BuiltHost.StartAsync("ClaimAudit.Gateway", () => ["--ConnectionStrings:ClaimAudit", ConnectionString, .. FastFailureDetection],
                new Dictionary<string, string> { ["HOME"] = home }));
        }
    }

    /// <summary>Kills every process of the cluster (kill -9): only what PostgreSQL holds survives.</summary>
    public async Task KillAllAsync()
    {
        foreach (var process in _gateways.Concat(_silos))
            await process.DisposeAsync();
        _gateways.Clear();
        _silos.Clear();
    }

    /// <summary>Stops every process with SIGTERM, gateways first, as an operator's <c>stop</c> does.</summary>
    public async Task StopAllGracefullyAsync()
    {
        foreach (var process in _gateways.Concat(_silos))
            await process.StopGracefullyAsync(TimeSpan.FromSeconds(60));
        foreach (var process in _gateways.Concat(_silos))
            await process.DisposeAsync();
        _gateways.Clear();
        _silos.Clear();
    }

    public async Task<HostProcess> AddSiloAsync()
    {
        var silo = await BuiltHost.StartAsync("ClaimAudit.Silo", () =>
        [
            "--ConnectionStrings:ClaimAudit", ConnectionString,
            "--Orleans:SiloPort", EmbeddedCluster.FreePort().ToString(), "--Orleans:GatewayPort", EmbeddedCluster.FreePort().ToString(),
            "--ClaimAudit:RulesPollSeconds", "2",
            .. FastFailureDetection,
            .. SiloSettings,
        ]);
        lock (_silos)
            _silos.Add(silo);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _gateways.Concat(_silos))
            await process.DisposeAsync();
        await _server.DropDatabaseAsync(_database);
        foreach (var home in _homes)
            Directory.Delete(home, recursive: true);
    }
}
