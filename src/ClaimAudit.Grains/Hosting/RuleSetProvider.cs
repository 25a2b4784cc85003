using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Grains.Hosting;

/// <summary>The rule sets in force on this silo: compiled when the silo starts, replaced only by a reload that loads cleanly.</summary>
public interface IRuleSetProvider
{
    RuleSetCatalog Catalog { get; }

    /// <summary>Counts the reloads applied on this silo; grains compare it to know their compiled rules are stale.</summary>
    int Generation { get; }

    RuleSet Current => Catalog.National;

    /// <summary>The rule set in force for a region (<c>admdvs</c>).</summary>
    RuleSet For(string? admdvs) => Catalog.For(admdvs);

    /// <summary>Loads <c>rules/</c> again. A broken file is refused with file:line and the previous sets keep running.</summary>
    RulesLoadException? Reload();
}

public sealed class RuleSetProvider : IRuleSetProvider
{
    private readonly string _root;
    private readonly string _name;
    private readonly ILogger<RuleSetProvider> _logger;
    private volatile RuleSetCatalog _catalog;
    private int _generation;

    public RuleSetProvider(IOptions<ClaimAuditOptions> options, ILogger<RuleSetProvider> logger)
    {
        _root = RuleSetLoader.LocateRulesRoot(options.Value.RulesPath);
        _name = options.Value.RuleSet;
        _logger = logger;
        _catalog = RuleSetLoader.LoadCatalog(_root, _name);
        Log("loaded");
    }

    public RuleSetCatalog Catalog => _catalog;

    public int Generation => _generation;

    public RulesLoadException? Reload()
    {
        try
        {
            _catalog = RuleSetLoader.LoadCatalog(_root, _name);
            Interlocked.Increment(ref _generation);
            Log("reloaded");
            return null;
        }
        catch (RulesLoadException e)
        {
            _logger.LogError("Rule sets not reloaded, version {Version} keeps running: {Error}", _catalog.National.Version, e.Message);
            return e;
        }
    }

    private void Log(string what) => _logger.LogInformation(
        "Rule set {Name} version {Version} {What} from {Root}: {Rules} rules, {Files} knowledge files, regions [{Regions}]",
        _catalog.National.Name, _catalog.National.Version, what, _root, _catalog.National.Rules.Count,
        _catalog.National.Knowledge.Files.Count, string.Join(", ", _catalog.Regions.Select(r => $"{r.Key} {r.Value.Version}")));
}
