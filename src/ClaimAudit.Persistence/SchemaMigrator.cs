using Npgsql;

namespace ClaimAudit.Persistence;

/// <summary>
/// Applies deploy/sql (embedded at build time) in file-name order. Every script is idempotent; an advisory lock
/// keeps silos that start together from running them at the same time.
/// </summary>
public static class SchemaMigrator
{
    private const long LockKey = 0x436C61696D417564; // "ClaimAud"

    public static IReadOnlyList<(string Name, string Sql)> Scripts { get; } = typeof(SchemaMigrator).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("sql/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(n =>
        {
            using var reader = new StreamReader(typeof(SchemaMigrator).Assembly.GetManifestResourceStream(n)!);
            return (n["sql/".Length..], reader.ReadToEnd());
        })
        .ToList();

    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            foreach (var (_, sql) in Scripts)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return Scripts.Select(s => s.Name).ToList();
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
