namespace ClaimAudit.Abstractions;

/// <summary>
/// The cluster's rule-set generation (one grain, key <see cref="Key"/>). A reload is validated on the silo that
/// hosts it; only a clean load advances the generation, which every silo then applies.
/// </summary>
[Alias("ClaimAudit.IRulesGrain")]
public interface IRulesGrain : IGrainWithStringKey
{
    public const string Key = "rules";

    [Alias("Reload")]
    Task<RulesStatus> Reload();

    [Alias("Status")]
    Task<RulesStatus> Status();
}

/// <summary>The rule sets in force, or why a reload was refused (the file, its line and the reason).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.RulesStatus")]
public sealed record RulesStatus(
    int Generation,
    string NationalVersion,
    IReadOnlyDictionary<string, string> RegionVersions,
    int Rules,
    int KnowledgeFiles,
    string? RefusedFile = null,
    int? RefusedLine = null,
    string? RefusedReason = null);
