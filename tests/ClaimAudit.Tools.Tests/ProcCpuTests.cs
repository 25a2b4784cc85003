using System.Diagnostics;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Benchmarking;
using Npgsql;

namespace ClaimAudit.Tools.Tests;

/// <summary>The benchmark's per-process CPU accounting from /proc.</summary>
public class ProcCpuTests
{
    [Fact]
    public void A_process_is_charged_the_cpu_time_the_runtime_itself_measures()
    {
        using var self = Process.GetCurrentProcess();
        var (runtimeBefore, procBefore) = (self.TotalProcessorTime, ProcCpu.Seconds(Environment.ProcessId));
        var spin = 0.0;
        while ((Process.GetCurrentProcess().TotalProcessorTime - runtimeBefore).TotalSeconds < 0.4)
            spin += Math.Sqrt(spin + 1);
        self.Refresh();
        var runtime = (self.TotalProcessorTime - runtimeBefore).TotalSeconds;
        var proc = ProcCpu.Seconds(Environment.ProcessId) - procBefore;

        Assert.InRange(proc, runtime * 0.8 - 0.03, runtime * 1.2 + 0.03);
    }

    [Fact]
    public async Task A_local_postgresql_server_is_charged_for_its_backends_also_after_they_exit()
    {
        var connectionString = PostgresServer.Instance.ConnectionString("postgres");
        var postmaster = await ProcCpu.PostmasterPidAsync(connectionString);
        Assert.NotNull(postmaster);
        var before = ProcCpu.ServerSeconds(postmaster.Value);

        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("SELECT sum(sqrt(x)) FROM generate_series(1, 15000000) x", connection).ExecuteScalarAsync();
        }
        // The backend has exited: its time now sits in the postmaster's children's times.
        await Task.Delay(300);

        Assert.True(ProcCpu.ServerSeconds(postmaster.Value) - before >= 0.3, $"{ProcCpu.ServerSeconds(postmaster.Value) - before:0.00} s");
    }
}
