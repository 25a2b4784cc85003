using System.CommandLine;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Credentials;
using ClaimAudit.Persistence;
using Npgsql;
using Spectre.Console;

namespace ClaimAudit.Cli.Commands;

/// <summary>
/// <c>claimaudit keys create|list|revoke --connection "Host=…"</c>: the API keys a durable cluster stores (hashes
/// only). A created key's secret is printed once; a revoked key is refused by every gateway within seconds.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection")
        {
            Description = "Npgsql connection string (default: the CLAIMAUDIT_CONNECTION environment variable)",
        };
        var name = new Option<string>("--name") { Description = "Who holds the key (a hospital's HIS, a reviewer's team …)", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}", Required = true };
        var code = new Option<string?>("--fixmedins-code") { Description = "The institution a hospital key is for" };
        var admdvs = new Option<string?>("--admdvs") { Description = "The region (code or prefix, e.g. 33 for a province) of a reviewer or bureau key" };
        var create = new Command("create", "Create a key; its secret is printed once and stored only as a hash") { connection, name, role, code, admdvs };
        create.SetAction((parse, cancellationToken) => WithStore(parse.GetValue(connection), async store =>
        {
            var request = new ApiKeyRequest(parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(code), parse.GetValue(admdvs));
            if (Roles.Invalid(request.Role, request.FixmedinsCode, request.Admdvs) is { } reason)
            {
                await Console.Error.WriteLineAsync($"keys create: {reason}");
                return 2;
            }
            var created = await ApiKeyIssuer.IssueAsync(store, request, TimeProvider.System, cancellationToken);
            Console.WriteLine($"created {created.Key.KeyId} ({created.Key.Role}) for {created.Key.Name}");
            Console.WriteLine($"X-Api-Key: {created.Secret}");
            Console.WriteLine("The secret is not stored and cannot be shown again.");
            return 0;
        }));

        var list = new Command("list", "Every stored key, without secrets") { connection };
        list.SetAction((parse, cancellationToken) => WithStore(parse.GetValue(connection), async store =>
        {
            var table = new Table().AddColumns("key_id", "name", "role", "fixmedins_code", "admdvs", "created", "revoked");
            foreach (var key in await store.ListAsync(cancellationToken))
                table.AddRow(key.KeyId, Markup.Escape(key.Name), key.Role, key.FixmedinsCode ?? "", key.Admdvs ?? "",
                    key.CreatedAt.ToString("u"), key.RevokedAt?.ToString("u") ?? "");
            AnsiConsole.Write(table);
            return 0;
        }));

        var keyId = new Argument<string>("key_id") { Description = "The key's id, as list shows it" };
        var revoke = new Command("revoke", "Revoke a key") { connection, keyId };
        revoke.SetAction((parse, cancellationToken) => WithStore(parse.GetValue(connection), async store =>
        {
            if (await store.RevokeAsync(parse.GetValue(keyId)!, TimeProvider.System.GetUtcNow(), cancellationToken))
            {
                Console.WriteLine($"revoked {parse.GetValue(keyId)}");
                return 0;
            }
            await Console.Error.WriteLineAsync($"keys revoke: no key {parse.GetValue(keyId)}");
            return 1;
        }));

        return new Command("keys", "API keys stored in the cluster's database") { create, list, revoke };
    }

    private static async Task<int> WithStore(string? connection, Func<IApiKeyStore, Task<int>> action)
    {
        var connectionString = connection ?? Environment.GetEnvironmentVariable("CLAIMAUDIT_CONNECTION");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("keys: give --connection or set CLAIMAUDIT_CONNECTION");
            return 2;
        }
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await SchemaMigrator.ApplyAsync(dataSource);
            return await action(new PostgresApiKeyStore(dataSource));
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"keys: {e.Message}");
            return 1;
        }
    }
}
