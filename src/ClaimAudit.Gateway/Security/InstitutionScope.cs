using System.Collections.Concurrent;
using ClaimAudit.Abstractions;

namespace ClaimAudit.Gateway.Security;

/// <summary>
/// Whether a caller may see an institution's resources: a hospital its own <c>fixmedins_code</c>, a reviewer or
/// bureau the institutions whose <c>admdvs</c> lies in its region, an administrator all. Anything else is answered as
/// if it did not exist (404), so a caller learns nothing of what lies outside its scope.
/// </summary>
public sealed class InstitutionScope(IClusterClient cluster, TimeProvider clock)
{
    private static readonly TimeSpan RegionTrust = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (string? Admdvs, long Until)> _regions = new(StringComparer.Ordinal);

    public async ValueTask<bool> AllowsAsync(Caller? caller, string fixmedinsCode)
    {
        if (caller is null)
            return false;
        return caller.Role switch
        {
            Roles.Admin => true,
            Roles.Hospital => string.Equals(caller.FixmedinsCode, fixmedinsCode, StringComparison.Ordinal),
            Roles.Reviewer or Roles.Bureau => caller.CoversRegion(await RegionOfAsync(fixmedinsCode)),
            _ => false,
        };
    }

    /// <summary>The institution's region as registered (cached briefly: institutions rarely move).</summary>
    public async ValueTask<string?> RegionOfAsync(string fixmedinsCode)
    {
        var now = clock.GetTimestamp();
        if (_regions.TryGetValue(fixmedinsCode, out var cached) && now < cached.Until)
            return cached.Admdvs;
        var profile = await cluster.GetGrain<IInstitutionGrain>(fixmedinsCode).GetProfile();
        if (_regions.Count > 100_000)
            _regions.Clear();
        _regions[fixmedinsCode] = (profile?.Admdvs, now + (long)(RegionTrust.TotalSeconds * clock.TimestampFrequency));
        return profile?.Admdvs;
    }

    /// <summary>Forgets what it knew of an institution (its region was just changed through this gateway).</summary>
    public void Forget(string fixmedinsCode) => _regions.TryRemove(fixmedinsCode, out _);
}
