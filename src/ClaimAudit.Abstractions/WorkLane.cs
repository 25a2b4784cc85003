namespace ClaimAudit.Abstractions;

/// <summary>
/// The lane a grain call came in by, carried in Orleans' request context from the gateway to every grain the call
/// reaches (an episode, then its person). The gateway bounds how many bulk requests enter; a silo bounds how much
/// bulk engine work runs at once, so a 事中 check finds a core free even when imports fill the cluster.
/// </summary>
public static class WorkLane
{
    private const string Key = "claimaudit-lane";
    private const string Bulk = "bulk";

    /// <summary>Marks the calls made from here on (in this async flow) as bulk work, until the scope is disposed.</summary>
    public static Scope EnterBulk()
    {
        RequestContext.Set(Key, Bulk);
        return default;
    }

    public static bool IsBulk => RequestContext.Get(Key) is Bulk;

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => RequestContext.Remove(Key);
    }
}
