using System.Diagnostics;
using ClaimAudit.Cli.Auditing;
using Npgsql;

namespace ClaimAudit.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the tests of one process: initdb in a temp folder, a free loopback port,
/// started once and stopped when the process exits. Installs Debian's postgresql package first when initdb is
/// missing (deploy/scripts/ensure-postgres.sh). Each fixture gets a fresh database and drops it after.
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
        var bin = Run("bash", [Path.Combine(BuiltHost.RepositoryRoot, "deploy", "scripts", "ensure-postgres.sh")]).Trim().Split('\n')[^1];
        // Folders of earlier runs whose server is gone (no postmaster.pid) are removed first — but not those of a test
        // process still running (its folder has no postmaster.pid until its initdb and pg_ctl have run).
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), "claimaudit-pg-*"))
            if (!File.Exists(Path.Combine(stale, "postmaster.pid")) && !OwnerIsRunning(stale))
                try { Directory.Delete(stale, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        var dataDir = Directory.CreateTempSubdirectory($"claimaudit-pg-{Environment.ProcessId}-").FullName;
        var port = EmbeddedCluster.FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            Run("chown", ["-R", "postgres:postgres", dataDir]);
        string[] AsServerUser(string tool, params string[] args) => asRoot ? ["-u", "postgres", "--", Path.Combine(bin, tool), .. args] : [.. args];
        string Tool(string tool) => asRoot ? "runuser" : Path.Combine(bin, tool);

        Run(Tool("initdb"), AsServerUser("initdb", "-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"));
        // Durable commits as in production (fsync, synchronous_commit on); only the test data is thrown away.
        Run(Tool("pg_ctl"), AsServerUser("pg_ctl", "-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB", "start"));
        return new PostgresServer(bin, dataDir, port);
    }

    /// <summary>Whether the process that made a <c>claimaudit-pg-{pid}-…</c> folder is still alive.</summary>
    private static bool OwnerIsRunning(string folder) =>
        Path.GetFileName(folder).Split('-') is [_, _, var pid, ..] && int.TryParse(pid, out var owner) && Directory.Exists($"/proc/{owner}");

    private void Stop()
    {
        try
        {
            var asRoot = Environment.UserName == "root";
            if (asRoot)
                Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-m", "immediate", "stop"]);
            else
                Run(Path.Combine(_bin, "pg_ctl"), ["-D", _dataDir, "-m", "immediate", "stop"]);
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (Exception)
        {
            // Best effort at process exit: a leftover temp folder is harmless.
        }
    }

    private static string Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {error.Result}{output.Result}");
        return output.Result;
    }
}
