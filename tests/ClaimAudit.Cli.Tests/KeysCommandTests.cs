using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ClaimAudit.Testing;
using Npgsql;

namespace ClaimAudit.Cli.Tests;

public partial class KeysCommandTests
{
    private static Task<(int Exit, string Output, string Error)> Run(params string[] args) => Claimaudit.RunAsync(args);

    [Fact]
    public async Task Keys_create_prints_the_secret_once_stores_only_its_hash_and_list_and_revoke_manage_it()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync("keys");
        var connection = PostgresServer.Instance.ConnectionString(database);
        try
        {
            var created = await Run("keys", "create", "--role", "hospital", "--fixmedins-code", "H33010600001", "--name", "HIS of 甲医院", "--connection", connection);
            var secret = Secret().Match(created.Output).Groups[1].Value;
            var keyId = KeyId().Match(created.Output).Groups[1].Value;
            var listed = await Run("keys", "list", "--connection", connection);
            var revoked = await Run("keys", "revoke", keyId, "--connection", connection);
            var listedAfter = await Run("keys", "list", "--connection", connection);
            var unknown = await Run("keys", "revoke", "knosuchkey00", "--connection", connection);
            var scopeless = await Run("keys", "create", "--role", "hospital", "--name", "x", "--connection", connection);
            string stored;
            await using (var dataSource = NpgsqlDataSource.Create(connection))
            await using (var command = dataSource.CreateCommand("SELECT key_hash || '|' || name || '|' || (revoked_at IS NOT NULL) FROM claimaudit_api_key"))
                stored = (string)(await command.ExecuteScalarAsync())!;

            Assert.True(created.Exit == 0, created.Error);
            Assert.StartsWith("ca_", secret);
            Assert.Contains(keyId, listed.Output);
            Assert.DoesNotContain(secret, listed.Output);
            Assert.Equal(0, revoked.Exit);
            Assert.Matches($@"{keyId}.*\d{{4}}-\d\d-\d\d.*\d{{4}}-\d\d-\d\d", listedAfter.Output.Replace("\n", " ", StringComparison.Ordinal));
            Assert.Equal(1, unknown.Exit);
            Assert.Equal(2, scopeless.Exit);
            Assert.Contains("fixmedins_code", scopeless.Error);
            Assert.Equal($"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))}|HIS of 甲医院|true", stored);
        }
        finally
        {
            await PostgresServer.Instance.DropDatabaseAsync(database);
        }
    }

    [GeneratedRegex(@"X-Api-Key: (ca_[A-Za-z0-9_-]+)")]
    private static partial Regex Secret();

    [GeneratedRegex(@"created (k[0-9a-f]{12})")]
    private static partial Regex KeyId();
}
