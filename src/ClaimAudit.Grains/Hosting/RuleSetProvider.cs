using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.RuleSets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Grains.Hosting;

/// <summary>The rule set in force on this silo, compiled once when the silo starts.</summary>
public interface IRuleSetProvider
{
    RuleSet Current { get; }

    /// <summary>The rule set in force for a region (<c>admdvs</c>).</summary>
    RuleSet For(string? admdvs) => Current;
}

public sealed class RuleSetProvider : IRuleSetProvider
{
    public RuleSetProvider(IOptions<ClaimAuditOptions> options, ILogger<RuleSetProvider> logger)
    {
        var root = RuleSetLoader.LocateRulesRoot(options.Value.RulesPath);
        Current = RuleSetLoader.Load(root, options.Value.RuleSet);
        logger.LogInformation("Rule set {Name} version {Version} loaded from {Root}: {Rules} rules, {Files} knowledge files",
            Current.Name, Current.Version, root, Current.Rules.Count, Current.Knowledge.Files.Count);
    }

    public RuleSet Current { get; }
}
