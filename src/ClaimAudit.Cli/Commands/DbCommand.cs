using System.CommandLine;
using ClaimAudit.Persistence;
using Npgsql;

namespace ClaimAudit.Cli.Commands;

/// <summary><c>claimaudit db migrate --connection "Host=…"</c>: apply deploy/sql (idempotent) to a PostgreSQL database.</summary>
public static class DbCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection")
        {
            Description = "Npgsql connection string (default: the CLAIMAUDIT_CONNECTION environment variable)",
        };
        var migrate = new Command("migrate", "Create or update the schema: Orleans clustering, storage, reminders, and ClaimAudit's tables") { connection };
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var connectionString = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable("CLAIMAUDIT_CONNECTION");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                await Console.Error.WriteLineAsync("db migrate: give --connection or set CLAIMAUDIT_CONNECTION");
                return 2;
            }
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            try
            {
                foreach (var script in await SchemaMigrator.ApplyAsync(dataSource, cancellationToken))
                    Console.WriteLine($"applied {script}");
                return 0;
            }
            catch (NpgsqlException e)
            {
                await Console.Error.WriteLineAsync($"db migrate: {e.Message}");
                return 1;
            }
        });
        return new Command("db", "Database administration") { migrate };
    }
}
