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
}
