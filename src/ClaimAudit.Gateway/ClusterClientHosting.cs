using ClaimAudit.Abstractions;
using Orleans.Configuration;

namespace ClaimAudit.Gateway;

/// <summary>How a gateway process finds the silos: the membership table every silo of the cluster writes.</summary>
public static class ClusterClientHosting
{
    /// <summary>
    /// Membership read from PostgreSQL. Orleans' AdoNet clustering loads the driver by its invariant name at run time,
    /// so the gateway ships Npgsql without compiling against it; nothing here talks SQL itself.
    /// </summary>
    public static IClientBuilder UseClaimAuditPostgres(this IClientBuilder client, string connectionString, ClusterIdentity identity)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (identity.ClusterId, identity.ServiceId));
        client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (ClusterIdentity.PostgresInvariant, connectionString));
        return client;
    }
}
