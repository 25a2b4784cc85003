using ClaimAudit.Abstractions;
using ClaimAudit.Grains.AccessLog;
using ClaimAudit.Grains.Credentials;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ClaimAudit.Persistence;

public static class PostgresHosting
{
    /// <summary>The AdoNet providers load their driver by this invariant name.</summary>
    public const string Invariant = ClusterIdentity.PostgresInvariant;

    /// <summary>
    /// The schema migrator (a hosted service that must be registered before the silo so it runs first), the data
    /// source, the episode store and the key store.
    /// </summary>
    public static IServiceCollection AddClaimAuditPostgres(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<IEpisodeStore, PostgresEpisodeStore>();
        services.AddSingleton<IApiKeyStore, PostgresApiKeyStore>();
        services.AddSingleton<IAccessLogStore, PostgresAccessLogStore>();
        services.AddSingleton<IStorageFailureClassifier, PostgresStorageFailures>();
        services.AddHostedService<SchemaHostedService>();
        return services;
    }

    /// <summary>Membership and grain state in PostgreSQL: the same connection string on every silo is the whole cluster setup.</summary>
    public static ISiloBuilder UseClaimAuditPostgres(this ISiloBuilder silo, string connectionString, ClusterIdentity identity)
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (identity.ClusterId, identity.ServiceId));
        silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        return silo.AddClaimAuditPostgresStorage(connectionString);
    }

    /// <summary>Grain state in PostgreSQL (Orleans' AdoNet storage), written and read by ClaimAudit's own state format.</summary>
    public static ISiloBuilder AddClaimAuditPostgresStorage(this ISiloBuilder silo, string connectionString)
    {
        silo.AddAdoNetGrainStorage(StorageNames.ClaimAudit, o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        return silo.UseCheckedGrainStorage(StorageNames.ClaimAudit);
    }

    private sealed class SchemaHostedService(NpgsqlDataSource dataSource, ILogger<SchemaHostedService> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var applied = await SchemaMigrator.ApplyAsync(dataSource, cancellationToken);
            logger.LogInformation("PostgreSQL schema ensured: {Scripts}", string.Join(", ", applied));
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
