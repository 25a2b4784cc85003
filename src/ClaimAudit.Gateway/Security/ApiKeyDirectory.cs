using System.Collections.Concurrent;
using ClaimAudit.Abstractions;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.Security;

/// <summary>
/// Finds the caller a presented API key stands for: configured keys first (compared by hash), then the keys the
/// cluster stores, whose answers — found, revoked or unknown — are trusted for <see cref="SecurityOptions.KeyCacheSeconds"/>.
/// </summary>
public sealed class ApiKeyDirectory
{
    private const int MaxCachedAnswers = 10_000;

    private readonly Dictionary<string, Caller> _configured;
    private readonly ConcurrentDictionary<string, (Caller? Caller, long Until)> _stored = new(StringComparer.Ordinal);
    private readonly IClusterClient _cluster;
    private readonly TimeSpan _trust;
    private readonly TimeProvider _clock;

    public ApiKeyDirectory(IOptions<SecurityOptions> options, IClusterClient cluster, TimeProvider clock)
    {
        _cluster = cluster;
        _clock = clock;
        _trust = TimeSpan.FromSeconds(Math.Max(0, options.Value.KeyCacheSeconds));
        _configured = new(StringComparer.Ordinal);
        for (var i = 0; i < options.Value.ApiKeys.Count; i++)
        {
            var key = options.Value.ApiKeys[i];
            var hash = ApiKeySecrets.Hash(key.Key!);
            _configured[hash] = new Caller(key.Name ?? $"api-key-{i}", key.Role!, key.Role == Roles.Hospital ? key.FixmedinsCode : null,
                key.Role is Roles.Reviewer or Roles.Bureau ? key.Admdvs : null, "configured:" + ApiKeySecrets.IdOf(hash));
        }
    }

    public int ConfiguredCount => _configured.Count;

    /// <summary>Drops what this gateway remembers of a stored key (it was just revoked here): refused from the next request.</summary>
    public void Forget(string keyId)
    {
        foreach (var (hash, cached) in _stored)
            if (cached.Caller?.CredentialId == keyId)
                _stored.TryRemove(hash, out _);
    }

    public ValueTask<Caller?> FindAsync(string presented) => FindByHashAsync(ApiKeySecrets.Hash(presented));

    /// <summary>The caller a key's hash stands for: how a console session signed in with the key is checked again.</summary>
    public async ValueTask<Caller?> FindByHashAsync(string hash)
    {
        if (_configured.TryGetValue(hash, out var configured))
            return configured;
        var now = _clock.GetTimestamp();
        if (_stored.TryGetValue(hash, out var cached) && now < cached.Until)
            return cached.Caller;
        var stored = await _cluster.GetGrain<ICredentialsGrain>(0).Find(hash);
        var caller = stored is { RevokedAt: null }
            ? new Caller(stored.Name, stored.Role, stored.FixmedinsCode, stored.Admdvs, stored.KeyId)
            : null;
        if (_stored.Count >= MaxCachedAnswers)
            _stored.Clear(); // unknown keys tried at random must not grow the cache without bound
        _stored[hash] = (caller, now + (long)(_trust.TotalSeconds * _clock.TimestampFrequency));
        return caller;
    }
}
