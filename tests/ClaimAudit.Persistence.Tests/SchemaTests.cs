using Npgsql;

namespace ClaimAudit.Persistence.Tests;

public class SchemaTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_schema_is_safe_to_apply_again()
    {
        var again = await SchemaMigrator.ApplyAsync(database.DataSource);

        Assert.Equal(["001-orleans-main.sql", "002-orleans-clustering.sql", "003-orleans-persistence.sql", "004-orleans-reminders.sql", "010-claimaudit.sql", "011-claimaudit-exact-amounts.sql",
            "012-claimaudit-api-keys.sql", "013-claimaudit-finding-reviews.sql", "014-claimaudit-scorecard.sql", "015-claimaudit-access-log.sql", "016-claimaudit-fee-batches.sql"], again);
    }

    [Fact]
    public async Task A_database_created_with_two_decimal_amounts_keeps_every_amount_exactly_after_the_migration()
    {
        var name = await Testing.PostgresServer.Instance.CreateDatabaseAsync("amounts");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(Testing.PostgresServer.Instance.ConnectionString(name));
            // The read model as the first schema created it.
            await using (var old = dataSource.CreateCommand("""
                CREATE TABLE claimaudit_finding (finding_id text PRIMARY KEY, episode_key text NOT NULL, fixmedins_code text NOT NULL, mdtrt_id text NOT NULL,
                    psn_no text NOT NULL, rule_id text NOT NULL, rule_kind text NOT NULL, severity text NOT NULL, status text NOT NULL,
                    amount numeric(14,2) NOT NULL, finding jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE claimaudit_episode (episode_key text PRIMARY KEY, fixmedins_code text NOT NULL, mdtrt_id text NOT NULL, psn_no text NOT NULL,
                    med_type text NOT NULL, begntime timestamp NOT NULL, endtime timestamp NULL, status text NOT NULL, line_count integer NOT NULL DEFAULT 0,
                    amount numeric(14,2) NOT NULL DEFAULT 0, deduction numeric(14,2) NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO claimaudit_finding VALUES ('F1', 'H/M', 'H', 'M', 'P', 'R', 'k', 'violation', 'open', 12.34, '{}');
                """))
                await old.ExecuteNonQueryAsync();

            await SchemaMigrator.ApplyAsync(dataSource);

            await using var write = dataSource.CreateCommand(
                "INSERT INTO claimaudit_finding VALUES ('F2', 'H/M', 'H', 'M', 'P', 'R', 'k', 'violation', 'open', 79228162514264337593543950335, '{}'), " +
                "('F3', 'H/M', 'H', 'M', 'P', 'R', 'k', 'violation', 'open', 0.125, '{}')");
            await write.ExecuteNonQueryAsync();
            await using var read = dataSource.CreateCommand("SELECT amount FROM claimaudit_finding ORDER BY finding_id");
            var amounts = new List<decimal>();
            await using (var reader = await read.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    amounts.Add(reader.GetDecimal(0));
            Assert.Equal([12.34m, 79228162514264337593543950335m, 0.125m], amounts);
        }
        finally
        {
            await Testing.PostgresServer.Instance.DropDatabaseAsync(name);
        }
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
        var files = Directory.GetFiles(Path.Combine(Testing.BuiltHost.RepositoryRoot, "deploy", "sql"), "*.sql").Select(Path.GetFileName).Order();

        Assert.Equal(files, SchemaMigrator.Scripts.Select(s => s.Name));
    }
}
