namespace ClaimAudit.Gateway;

/// <summary>Settings of the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The most fee lines one request may carry; larger batches are refused, not truncated.</summary>
    public int MaxBatchLines { get; set; } = 10_000;
}
