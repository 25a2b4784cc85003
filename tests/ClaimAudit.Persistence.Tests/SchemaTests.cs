using Npgsql;

namespace ClaimAudit.Persistence.Tests;

public class SchemaTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_schema_is_safe_to_apply_again()
    {
        var again = await SchemaMigrator.ApplyAsync(database.DataSource);

        Assert.Equal(["001-orleans-main.sql", "002-orleans-clustering.sql", "003-orleans-persistence.sql", "004-orleans-reminders.sql", "010-claimaudit.sql"], again);
    }

    [Fact]
    public async Task Every_query_the_orleans_providers_read_is_stored_by_key()
    {
        await using var command = database.DataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery");
        var keys = new HashSet<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                keys.Add(reader.GetString(0));

        Assert.Superset(new HashSet<string>
        {
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "MembershipReadRowKey",
            "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "CleanupDefunctSiloEntriesKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        }, keys);
    }

    [Fact]
    public async Task Membership_times_are_timestamptz()
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT data_type FROM information_schema.columns
            WHERE lower(table_name) = 'orleansmembershiptable' AND lower(column_name) IN ('starttime', 'iamalivetime')
            """);
        var types = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                types.Add(reader.GetString(0));

        Assert.Equal(["timestamp with time zone", "timestamp with time zone"], types);
    }

    [Fact]
    public void The_scripts_are_the_files_under_deploy_sql()
    {
        var files = Directory.GetFiles(Path.Combine(Testing.PostgresServer.RepositoryRoot(), "deploy", "sql"), "*.sql").Select(Path.GetFileName).Order();

        Assert.Equal(files, SchemaMigrator.Scripts.Select(s => s.Name));
    }
}
