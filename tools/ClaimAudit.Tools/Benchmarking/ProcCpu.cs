using System.Globalization;
using Npgsql;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>
/// CPU seconds of processes as the kernel counts them (<c>/proc/PID/stat</c> utime + stime), so each process of a
/// run — silo, gateway, PostgreSQL, the load generator — is charged for its own work.
/// </summary>
public static class ProcCpu
{
    // USER_HZ: 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The process's own CPU seconds, plus those of its children that have exited when <paramref name="withExitedChildren"/>.</summary>
    public static double Seconds(int pid, bool withExitedChildren = false)
    {
        var fields = Fields(pid);
        if (fields is null)
            return 0;
        var ticks = Tick(fields, 14) + Tick(fields, 15) + (withExitedChildren ? Tick(fields, 16) + Tick(fields, 17) : 0);
        return ticks / TicksPerSecond;
    }

    /// <summary>
    /// A PostgreSQL server's CPU seconds: the postmaster, its live backends and workers, and the backends that have
    /// already exited (counted in the postmaster's children times).
    /// </summary>
    public static double ServerSeconds(int postmasterPid) =>
        Seconds(postmasterPid, withExitedChildren: true)
        + Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Fields(pid) is { } f && f.Length > 4 && f[4] == postmasterPid.ToString(CultureInfo.InvariantCulture))
            .Sum(pid => Seconds(pid));

    /// <summary>The postmaster of a PostgreSQL server that runs on this machine (its data directory readable here); null otherwise.</summary>
    public static async Task<int?> PostmasterPidAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var directory = (string)(await new NpgsqlCommand("SHOW data_directory", connection).ExecuteScalarAsync())!;
            var first = (await File.ReadAllLinesAsync(Path.Combine(directory, "postmaster.pid"))).FirstOrDefault();
            return int.TryParse(first, out var pid) && File.Exists($"/proc/{pid}/stat") ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PostgresException)
        {
            return null;
        }
    }

    /// <summary>The fields of /proc/PID/stat numbered as in proc(5) (1 = pid, 2 = comm …); null when the process is gone.</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // comm may hold spaces and parentheses: everything after the last ')' is space-separated.
            var close = stat.LastIndexOf(')');
            return ["", pid.ToString(CultureInfo.InvariantCulture), stat[(stat.IndexOf('(') + 1)..close], .. stat[(close + 2)..].Split(' ')];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Tick(string[] fields, int number) => long.Parse(fields[number], CultureInfo.InvariantCulture);
}
