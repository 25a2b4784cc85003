namespace ClaimAudit.Abstractions;

/// <summary>Settings of the <c>Orleans</c> section that name the cluster all silos and gateways join.</summary>
public sealed class ClusterIdentity
{
    public string ClusterId { get; set; } = "claimaudit";
    public string ServiceId { get; set; } = "claimaudit";

    /// <summary>The ADO.NET invariant Orleans' AdoNet providers load the PostgreSQL driver (Npgsql) by, in silos and clients alike.</summary>
    public const string PostgresInvariant = "Npgsql";
}
