using System.Security.Cryptography;
using System.Text;

namespace ClaimAudit.Abstractions;

/// <summary>
/// API keys kept by the cluster (PostgreSQL when durable, the silo's memory when embedded): created and revoked by
/// administrators, looked up by the hash of a presented key. Only hashes are stored; a key's secret is shown once,
/// when it is created. A stateless worker: every silo answers from the store, so a revocation holds everywhere at once.
/// </summary>
[Alias("ClaimAudit.ICredentialsGrain")]
public interface ICredentialsGrain : IGrainWithIntegerKey
{
    [Alias("Find")]
    Task<StoredApiKey?> Find(string keyHash);

    [Alias("Create")]
    Task<CreatedApiKey> Create(ApiKeyRequest request);

    [Alias("List")]
    Task<IReadOnlyList<StoredApiKey>> List();

    /// <summary>Revokes a key by its id; false when no such key exists.</summary>
    [Alias("Revoke")]
    Task<bool> Revoke(string keyId);
}

/// <summary>What a new key is for: who holds it, its role and its scope (an institution or a region).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.ApiKeyRequest")]
public sealed record ApiKeyRequest(string Name, string Role, string? FixmedinsCode, string? Admdvs);

/// <summary>A stored key as administrators see it: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.StoredApiKey")]
public sealed record StoredApiKey(
    string KeyId, string Name, string Role, string? FixmedinsCode, string? Admdvs, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A key just created, with the secret its holder presents as <c>X-Api-Key</c> (shown this once).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.CreatedApiKey")]
public sealed record CreatedApiKey(StoredApiKey Key, string Secret);

/// <summary>The roles a credential can have, and the scope each needs.</summary>
public static class Roles
{
    public const string Hospital = "hospital";
    public const string Reviewer = "reviewer";
    public const string Bureau = "bureau";
    public const string Admin = "admin";
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Hospital, Reviewer, Bureau, Admin, Operator];

    /// <summary>Why a role and scope do not go together, or null when they do.</summary>
    public static string? Invalid(string? role, string? fixmedinsCode, string? admdvs) => role switch
    {
        Hospital when string.IsNullOrWhiteSpace(fixmedinsCode) => "a hospital credential needs its fixmedins_code",
        Reviewer or Bureau when string.IsNullOrWhiteSpace(admdvs) => $"a {role} credential needs its admdvs (a region code or prefix)",
        Reviewer or Bureau when !admdvs!.All(char.IsAsciiDigit) || admdvs.Length > 6 => $"admdvs '{admdvs}' is not a region code or prefix (up to 6 digits)",
        Hospital or Reviewer or Bureau or Admin or Operator => null,
        _ => $"role '{role}' is not one of {string.Join(", ", All)}",
    };
}

/// <summary>API-key secrets: random, and stored only as their SHA-256 (a 256-bit random secret needs no slow hash).</summary>
public static class ApiKeySecrets
{
    public const string Prefix = "ca_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A key's public id: a prefix of its hash, so logs and listings can name a key without its secret.</summary>
    public static string IdOf(string hash) => "k" + hash[..12];
}
