namespace ClaimAudit.Abstractions;

/// <summary>Settings of the <c>ClaimAudit</c> configuration section shared by silos and hosts.</summary>
public sealed class ClaimAuditOptions
{
    public const string Section = "ClaimAudit";

    /// <summary>The <c>rules/</c> folder; found beside the program or above the current folder when empty.</summary>
    public string? RulesPath { get; set; }

    /// <summary>The rule-set file (without <c>.yaml</c>) under <c>rules/rulesets/</c>.</summary>
    public string RuleSet { get; set; } = "national";

    /// <summary>How often a silo checks whether the cluster's rule sets were reloaded elsewhere.</summary>
    public int RulesPollSeconds { get; set; } = 10;

    /// <summary>
    /// Bulk-lane batches a silo judges at once (the engine work of an episode or person call marked bulk); empty: one
    /// core fewer than the silo has, at least one, so a 事中 check always finds a core the imports do not hold.
    /// </summary>
    public int? BulkEngineSlots { get; set; }
}
