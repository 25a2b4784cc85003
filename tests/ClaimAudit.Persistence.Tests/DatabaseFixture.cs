using ClaimAudit.Testing;
using Npgsql;

namespace ClaimAudit.Persistence.Tests;

/// <summary>A fresh database on the throwaway server, with the schema applied; dropped afterwards.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    private string _database = null!;

    public string ConnectionString { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        _database = await PostgresServer.Instance.CreateDatabaseAsync();
        ConnectionString = PostgresServer.Instance.ConnectionString(_database);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await SchemaMigrator.ApplyAsync(DataSource);
    }

    public virtual async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await PostgresServer.Instance.DropDatabaseAsync(_database);
    }
}
