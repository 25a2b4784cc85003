using ClaimAudit.Testing;

namespace ClaimAudit.Tools.Tests;

/// <summary>The tests that share one embedded default.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedClusterCollection : ICollectionFixture<EmbeddedClusterFixture>
{
    public const string Name = "embedded";
}
