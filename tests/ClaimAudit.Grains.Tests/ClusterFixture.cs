using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ClaimAudit.Grains.Tests;

/// <summary>One in-process silo shared by the grain tests; each test uses its own grain keys.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Services.AddClaimAuditGrainServices(host.Configuration));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.ClaimAudit).UseCheckedGrainStorage(StorageNames.ClaimAudit);
            silo.Services.AddSingleton<IEpisodeStore, InMemoryEpisodeStore>();
        });
        builder.ConfigureClient(client => client.Services.AddClaimAuditSerialization());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
