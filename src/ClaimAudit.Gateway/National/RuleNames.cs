using ClaimAudit.Abstractions;

namespace ClaimAudit.Gateway.National;

/// <summary>The rules' names for answers in the national shape (<c>rule_name</c>), asked of the cluster at most once a minute.</summary>
public sealed class RuleNames(IClusterClient cluster, TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);
    private (IReadOnlyDictionary<string, string> Names, DateTimeOffset Until)? _cached;

    public async ValueTask<IReadOnlyDictionary<string, string>> GetAsync()
    {
        if (_cached is { } cached && clock.GetUtcNow() < cached.Until)
            return cached.Names;
        var names = await cluster.GetGrain<IPrecheckGrain>(0).RuleNames();
        _cached = (names, clock.GetUtcNow() + Kept);
        return names;
    }
}
