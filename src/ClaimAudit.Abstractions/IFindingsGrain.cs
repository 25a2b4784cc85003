namespace ClaimAudit.Abstractions;

/// <summary>
/// Questions about findings across episodes, answered from the read model on whichever silo takes the call (a
/// stateless worker): where a finding lives.
/// </summary>
[Alias("ClaimAudit.IFindingsGrain")]
public interface IFindingsGrain : IGrainWithIntegerKey
{
    /// <summary>The institution and episode a finding belongs to, or null when no finding has this id.</summary>
    [Alias("Locate")]
    Task<FindingPlace?> Locate(string findingId);
}

[GenerateSerializer, Immutable, Alias("ClaimAudit.FindingPlace")]
public sealed record FindingPlace(string FixmedinsCode, string MdtrtId);
