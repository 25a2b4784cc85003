using System.Collections.Concurrent;
using ClaimAudit.Abstractions;

namespace ClaimAudit.Grains.Credentials;

/// <summary>Where the cluster keeps API keys: by the hash of their secret, never the secret.</summary>
public interface IApiKeyStore
{
    ValueTask<StoredApiKey?> FindAsync(string keyHash, CancellationToken cancellationToken = default);

    ValueTask InsertAsync(StoredApiKey key, string keyHash, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<StoredApiKey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the key revoked (once: a second revocation keeps the first time); false when there is no such key.</summary>
    ValueTask<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>The embedded default's keys: process memory, gone when the process ends.</summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, StoredApiKey> _byHash = new(StringComparer.Ordinal);

    public ValueTask<StoredApiKey?> FindAsync(string keyHash, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byHash.GetValueOrDefault(keyHash));

    public ValueTask InsertAsync(StoredApiKey key, string keyHash, CancellationToken cancellationToken = default)
    {
        if (!_byHash.TryAdd(keyHash, key))
            throw new InvalidOperationException($"key {key.KeyId} exists already");
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<StoredApiKey>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<StoredApiKey>>(_byHash.Values.OrderBy(k => k.CreatedAt).ToList());

    public ValueTask<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        foreach (var (hash, key) in _byHash)
            if (key.KeyId == keyId)
            {
                _byHash.TryUpdate(hash, key with { RevokedAt = key.RevokedAt ?? at }, key);
                return ValueTask.FromResult(true);
            }
        return ValueTask.FromResult(false);
    }
}

/// <summary>Makes a key: a fresh secret, its hash stored with what the key is for.</summary>
public static class ApiKeyIssuer
{
    public static async Task<CreatedApiKey> IssueAsync(IApiKeyStore store, ApiKeyRequest request, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (Roles.Invalid(request.Role, request.FixmedinsCode, request.Admdvs) is { } reason)
            throw new ArgumentException(reason, nameof(request));
        if (string.IsNullOrWhiteSpace(request.Name))
            throw new ArgumentException("a key needs a name (who holds it)", nameof(request));
        var secret = ApiKeySecrets.New();
        var hash = ApiKeySecrets.Hash(secret);
        var key = new StoredApiKey(ApiKeySecrets.IdOf(hash), request.Name, request.Role,
            request.Role == Roles.Hospital ? request.FixmedinsCode : null,
            request.Role is Roles.Reviewer or Roles.Bureau ? request.Admdvs : null,
            clock.GetUtcNow(), null);
        await store.InsertAsync(key, hash, cancellationToken);
        return new CreatedApiKey(key, secret);
    }
}
