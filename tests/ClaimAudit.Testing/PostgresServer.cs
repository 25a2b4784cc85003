using System.Diagnostics;
using ClaimAudit.Cli.Auditing;
using Npgsql;

namespace ClaimAudit.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the tests of one process: initdb in a temp folder, a free loopback port,
/// started once and stopped when the process exits. Installs Debian's postgresql package first when initdb is
/// missing (deploy/scripts/ensure-postgres.sh). Each fixture gets a fresh database and drops it after. A test that
/// takes the database away (an outage) starts a server of its own with <see cref="StartPrivate"/>.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _bin;
    private readonly string _dataDir;

    private PostgresServer(string bin, string dataDir, int port)
    {
        _bin = bin;
        _dataDir = dataDir;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public static PostgresServer Instance => Shared.Value;

    /// <summary>A server for one test alone, which it may stop and start again; stopped when the process exits.</summary>
    public static PostgresServer StartPrivate() => Start();

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=40;Timeout=30;Command Timeout=120";

    public async Task<string> CreateDatabaseAsync(string prefix = "claimaudit")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await command.ExecuteNonQueryAsync();
    }

    private static PostgresServer Start()
    {
        var bin = ProjectScripts.Ensure("ensure-postgres.sh");
        // Folders of earlier test processes that are gone are removed first, and a server one of them left running (its
        // exit handler did not run: the test host was ended from outside) is stopped. A folder of a test process still
        // running is left alone.
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), "claimaudit-pg-*"))
        {
            if (OwnerIsRunning(stale))
                continue;
            if (File.Exists(Path.Combine(stale, "postmaster.pid")))
                try { PgCtl(bin, ["-D", stale, "-m", "immediate", "stop"]); } catch (Exception) { } // already gone: only its pid file was left
            try { Directory.Delete(stale, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        var dataDir = Directory.CreateTempSubdirectory($"claimaudit-pg-{Environment.ProcessId}-").FullName;
        var port = EmbeddedCluster.FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            Run("chown", ["-R", "postgres:postgres", dataDir]);
        string[] AsServerUser(string tool, params string[] args) => asRoot ? ["-u", "postgres", "--", Path.Combine(bin, tool), .. args] : [.. args];
        string Tool(string tool) => asRoot ? "runuser" : Path.Combine(bin, tool);

        Run(Tool("initdb"), AsServerUser("initdb", "-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"));
        var server = new PostgresServer(bin, dataDir, port);
        server.Resume();
        return server;
    }

    /// <summary>Stops the server at once, as a crash or a failover does (<c>pg_ctl stop -m immediate</c>): connections drop, nothing answers.</summary>
    public void Halt() => Ctl("-D", _dataDir, "-m", "immediate", "stop");

    /// <summary>Starts the server (again) on its port and data, waiting until it accepts connections.</summary>
    public void Resume() =>
        // Durable commits as in production (fsync, synchronous_commit on); only the test data is thrown away.
        Ctl("-D", _dataDir, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB", "start");

    private void Ctl(params string[] args) => PgCtl(_bin, args);

    private static void PgCtl(string bin, string[] args)
    {
        if (Environment.UserName == "root")
            Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), .. args]);
        else
            Run(Path.Combine(bin, "pg_ctl"), args);
    }

    /// <summary>Whether the process that made a <c>claimaudit-pg-{pid}-…</c> folder is still alive.</summary>
    private static bool OwnerIsRunning(string folder) =>
        Path.GetFileName(folder).Split('-') is [_, _, var pid, ..] && int.TryParse(pid, out var owner) && Directory.Exists($"/proc/{owner}");

    private void Stop()
    {
        try
        {
            if (File.Exists(Path.Combine(_dataDir, "postmaster.pid")))
                Halt();
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (Exception)
        {
            // Best effort at process exit: a leftover temp folder is harmless.
        }
    }

    private static string Run(string file, string[] args) => ProjectScripts.Run(file, args);
}
