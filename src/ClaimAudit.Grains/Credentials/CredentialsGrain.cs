using ClaimAudit.Abstractions;
using Orleans.Concurrency;

namespace ClaimAudit.Grains.Credentials;

/// <summary>The cluster's stored API keys, answered from the store on whichever silo takes the call.</summary>
[StatelessWorker, GrainType("credentials")]
public sealed class CredentialsGrain(IApiKeyStore store, TimeProvider clock) : Grain, ICredentialsGrain
{
    public async Task<StoredApiKey?> Find(string keyHash) => await store.FindAsync(keyHash);

    public Task<CreatedApiKey> Create(ApiKeyRequest request) => ApiKeyIssuer.IssueAsync(store, request, clock);

    public async Task<IReadOnlyList<StoredApiKey>> List() => await store.ListAsync();

    public async Task<bool> Revoke(string keyId) => await store.RevokeAsync(keyId, clock.GetUtcNow());
}
