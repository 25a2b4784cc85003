using Npgsql;

namespace ClaimAudit.Persistence.Tests;

public class StorageFailuresTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly PostgresStorageFailures Failures = new();

    [Fact]
    public async Task A_server_that_refuses_connections_is_unavailable()
    {
        var port = ClaimAudit.Cli.Auditing.EmbeddedCluster.FreePort(); // nothing listens there
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2");

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await dataSource.OpenConnectionAsync());

        Assert.True(Failures.IsUnavailable(refused));
        Assert.True(Failures.IsUnavailable(new InvalidOperationException("wrapped", refused)));
    }

    [Fact]
    public async Task A_constraint_or_syntax_error_is_not_an_outage()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var table = $"t_{Guid.NewGuid():N}";
        await using var create = new NpgsqlCommand($"CREATE TEMP TABLE {table} (id int PRIMARY KEY); INSERT INTO {table} VALUES (1)", connection);
        await create.ExecuteNonQueryAsync();
        await using var duplicate = new NpgsqlCommand($"INSERT INTO {table} VALUES (1)", connection);
        await using var syntax = new NpgsqlCommand("SELEC 1", connection);

        var conflict = await Assert.ThrowsAsync<PostgresException>(() => duplicate.ExecuteNonQueryAsync());
        var typo = await Assert.ThrowsAsync<PostgresException>(() => syntax.ExecuteNonQueryAsync());

        Assert.False(Failures.IsUnavailable(conflict));
        Assert.False(Failures.IsUnavailable(typo));
        Assert.False(Failures.IsUnavailable(new TimeoutException()));
    }
}
