namespace ClaimAudit.Abstractions;

/// <summary>
/// The record of who read which episode's personal data, when and from where (docs/security.md): appended by the
/// gateways, queried by administrators. A stateless worker over the store (PostgreSQL when durable).
/// </summary>
[Alias("ClaimAudit.IAccessLogGrain")]
public interface IAccessLogGrain : IGrainWithIntegerKey
{
    [Alias("Record")]
    Task Record(IReadOnlyList<AccessEntry> entries);

    /// <summary>Newest first.</summary>
    [Alias("Query")]
    Task<IReadOnlyList<AccessEntry>> Query(AccessLogQuery query);
}

/// <summary>One read: who (credential id, name, role), when, what (the endpoint), which episode, from which address.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.AccessEntry")]
public sealed record AccessEntry(
    DateTimeOffset At, string CredentialId, string Name, string Role, string Action, string FixmedinsCode, string MdtrtId, string? Remote);

[GenerateSerializer, Immutable, Alias("ClaimAudit.AccessLogQuery")]
public sealed record AccessLogQuery(string? FixmedinsCode, string? MdtrtId, string? CredentialId, DateTimeOffset? From, DateTimeOffset? To, int Limit);
