using ClaimAudit.Abstractions;
using ClaimAudit.Grains.AccessLog;
using Npgsql;
using NpgsqlTypes;

namespace ClaimAudit.Persistence;

/// <summary>The access log in <c>claimaudit_access_log</c>: one multi-row insert per flush.</summary>
public sealed class PostgresAccessLogStore(NpgsqlDataSource dataSource) : IAccessLogStore
{
    public async ValueTask AppendAsync(IReadOnlyList<AccessEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
            return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO claimaudit_access_log (at, credential_id, name, role, action, fixmedins_code, mdtrt_id, remote)
            SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        foreach (var column in new Func<AccessEntry, string?>[] { e => e.CredentialId, e => e.Name, e => e.Role, e => e.Action, e => e.FixmedinsCode, e => e.MdtrtId, e => e.Remote })
            command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => (object?)column(e) ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<AccessEntry>> QueryAsync(AccessLogQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT at, credential_id, name, role, action, fixmedins_code, mdtrt_id, remote FROM claimaudit_access_log
            WHERE ($1::text IS NULL OR fixmedins_code = $1) AND ($2::text IS NULL OR mdtrt_id = $2) AND ($3::text IS NULL OR credential_id = $3)
              AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)
            ORDER BY seq DESC LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.FixmedinsCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.MdtrtId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.CredentialId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AccessEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new AccessEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        return entries;
    }
}
