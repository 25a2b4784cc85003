namespace ClaimAudit.Gateway;

/// <summary>Settings of the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The most fee lines one request may carry; larger batches are refused, not truncated.</summary>
    public int MaxBatchLines { get; set; } = 10_000;

    /// <summary>
    /// Bulk-lane requests (<c>X-ClaimAudit-Lane: bulk</c>) this gateway lets into the cluster at once. On two cores 4
    /// gave the same bulk rate as 8 and brought the median 事中 check down 3–5 times against unmarked bulk (docs/benchmarks.md);
    /// larger clusters want about as many as the silos have cores, shared among the gateways.
    /// </summary>
    public int BulkConcurrency { get; set; } = 4;

    /// <summary>Bulk-lane requests that may wait for a slot, in arrival order; beyond them the answer is 503 with Retry-After.</summary>
    public int BulkQueueLimit { get; set; } = 10_000;
}
