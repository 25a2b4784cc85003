using ClaimAudit.Grains.Storage;
using Npgsql;

namespace ClaimAudit.Testing;

/// <summary>What a database's fee-line log holds, both of its tables decoded: lines stored, and distinct (episode, serial) pairs.</summary>
public static class FeeLog
{
    public static async Task<(long Stored, long Distinct)> CountAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var keys = new HashSet<(string, string)>();
        long stored = 0;
        await using (var json = dataSource.CreateCommand("SELECT episode_key, feedetl_sn FROM claimaudit_fee_line"))
        await using (var reader = await json.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                stored++;
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        await using (var batches = dataSource.CreateCommand("SELECT episode_key, line_count, lines FROM claimaudit_fee_batch"))
        await using (var reader = await batches.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var lines = FeeBatchFormat.Decode(reader.GetFieldValue<byte[]>(2));
                if (lines.Count != reader.GetInt32(1))
                    throw new InvalidDataException($"a batch of {reader.GetString(0)} says {reader.GetInt32(1)} lines and holds {lines.Count}");
                stored += lines.Count;
                foreach (var line in lines)
                    keys.Add((reader.GetString(0), line.FeedetlSn));
            }
        return (stored, keys.Count);
    }
}
