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

    /// <summary>Every rule of the national set and of each regional set in force, as they are configured.</summary>
    [Alias("Sets")]
    Task<IReadOnlyList<RuleSetView>> Sets();
}

/// <summary>A rule set in force: national (<see cref="Admdvs"/> null) or a region's.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.RuleSetView")]
public sealed record RuleSetView(string? Admdvs, string Version, string Name, IReadOnlyList<RuleView> Rules);

/// <summary>One rule as its set configures it: kind, severity, parameters (as written), effective dates, basis.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.RuleView")]
public sealed record RuleView(
    string RuleId,
    string Kind,
    string Name,
    string Severity,
    IReadOnlyDictionary<string, string> Params,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    string Basis);

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
