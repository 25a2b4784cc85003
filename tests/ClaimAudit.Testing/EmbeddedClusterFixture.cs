using ClaimAudit.Cli.Auditing;
using Xunit;

namespace ClaimAudit.Testing;

/// <summary>One embedded default (silo in this process, in memory) shared by a collection of tests (each test assembly
/// declares its own collection: xUnit looks for collection definitions in the assembly of the tests).</summary>
public sealed class EmbeddedClusterFixture : IAsyncLifetime
{
    public EmbeddedCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await EmbeddedCluster.StartAsync(null, CancellationToken.None);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
