using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.Kinds;
using ClaimAudit.Reference.Knowledge;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClaimAudit.Reference.RuleSets;

/// <summary>
/// Loads <c>rules/</c>: a rule-set YAML file (<c>rulesets/{name}.yaml</c>), the regional overrides
/// (<c>regions/{admdvs}.yaml</c>) and the knowledge tables under <c>knowledge/</c>. Anything wrong is refused
/// with the file, the line and the reason.
/// </summary>
public static class RuleSetLoader
{
    public const string DefaultRuleSet = "national";

    public static RuleSet Load(string rulesRoot, string ruleSetName = DefaultRuleSet) => LoadCatalog(rulesRoot, ruleSetName).National;

    public static RuleSetCatalog LoadCatalog(string rulesRoot, string ruleSetName = DefaultRuleSet)
    {
        var knowledgeDir = Path.Combine(rulesRoot, "knowledge");
        var knowledge = Directory.Exists(knowledgeDir) ? KnowledgeImporter.LoadDirectory(knowledgeDir, rulesRoot) : KnowledgeBase.Empty;
        var file = Path.Combine(rulesRoot, "rulesets", ruleSetName + ".yaml");
        if (!File.Exists(file))
            throw new RulesLoadException(Relative(rulesRoot, file), 0, "rule set file not found");
        var national = Parse(File.ReadAllText(file), Relative(rulesRoot, file), knowledge);

        var regions = new Dictionary<string, RuleSet>(StringComparer.Ordinal);
        var regionsDir = Path.Combine(rulesRoot, "regions");
        if (Directory.Exists(regionsDir))
            foreach (var path in Directory.EnumerateFiles(regionsDir, "*.yaml").Order(StringComparer.Ordinal))
            {
                var (admdvs, regional) = ParseOverride(File.ReadAllText(path), Relative(rulesRoot, path), national);
                if (!regions.TryAdd(admdvs, regional))
                    throw new RulesLoadException(Relative(rulesRoot, path), 1, $"admdvs {admdvs} is overridden by two files");
            }
        return new RuleSetCatalog(national, regions);
    }

    /// <summary>
    /// A regional override: <c>admdvs</c>, its own <c>version</c>, and <c>rules</c> entries naming national rule
    /// ids with the fields they change (<c>params</c> keys are merged; <c>enabled: false</c> drops the rule).
    /// </summary>
    public static (string Admdvs, RuleSet RuleSet) ParseOverride(string yaml, string fileName, RuleSet baseSet)
    {
        var root = Root(yaml, fileName);
        var admdvs = Scalar(root, "admdvs", fileName) ?? throw Error(root, fileName, "admdvs is required");
        var version = Scalar(root, "version", fileName) ?? throw Error(root, fileName, "version is required");
        var overrides = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode))
            foreach (var node in rulesNode as YamlSequenceNode ?? throw Error(rulesNode, fileName, "rules must be a list"))
            {
                var entry = node as YamlMappingNode ?? throw Error(node, fileName, "each rule override must be a mapping");
                var id = Scalar(entry, "id", fileName) ?? throw Error(entry, fileName, "id is required");
                if (baseSet.Rules.All(r => r.Definition.Id != id))
                    throw Error(entry, fileName, $"rule id '{id}' is not in rule set {baseSet.Version}");
                overrides[id] = entry;
            }

        var compiled = new List<IRule>();
        foreach (var rule in baseSet.Rules)
        {
            if (!overrides.TryGetValue(rule.Definition.Id, out var entry))
            {
                compiled.Add(rule);
                continue;
            }
            if (Scalar(entry, "enabled", fileName) is "false")
                continue;
            var merged = Merge(rule.Definition, entry, fileName);
            try
            {
                compiled.Add(RuleKinds.Create(merged, baseSet.Knowledge));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                throw Error(entry, fileName, e.Message);
            }
        }
        return (admdvs, new RuleSet(version, Scalar(root, "name", fileName) ?? $"{baseSet.Name} ({admdvs})", compiled, baseSet.Knowledge));
    }

    private static RuleDefinition Merge(RuleDefinition definition, YamlMappingNode entry, string file)
    {
        var parameters = new Dictionary<string, object?>(definition.Params.Values);
        if (entry.Children.TryGetValue(new YamlScalarNode("params"), out var p))
            foreach (var (key, value) in ToDictionary(p as YamlMappingNode ?? throw Error(p, file, "params must be a mapping")))
                parameters[key] = value;
        var source = $"{file}:{entry.Start.Line}";
        var merged = definition with
        {
            Name = Scalar(entry, "name", file) ?? definition.Name,
            Severity = Scalar(entry, "severity", file) is { } severity ? ParseSeverity(severity, entry, file) : definition.Severity,
            EffectiveFrom = Date(entry, "effective_from", file) ?? definition.EffectiveFrom,
            EffectiveTo = Date(entry, "effective_to", file) ?? definition.EffectiveTo,
            Basis = Scalar(entry, "basis", file) ?? definition.Basis,
            Params = new RuleParams(parameters, $"{source} ({definition.Id})"),
            Source = source,
        };
        if (merged.EffectiveFrom is { } f && merged.EffectiveTo is { } t && t < f)
            throw Error(entry, file, "effective_to is before effective_from");
        return merged;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static YamlMappingNode Root(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new RulesLoadException(fileName, (int)e.Start.Line, e.InnerException?.Message ?? e.Message);
        }
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new RulesLoadException(fileName, 1, "expected a mapping");
    }

    /// <summary>Finds <c>rules/</c> beside the running program or in a parent folder (a source checkout).</summary>
    public static string LocateRulesRoot(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "rules");
                if (File.Exists(Path.Combine(candidate, "rulesets", DefaultRuleSet + ".yaml")))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException("no rules/ folder found beside the program or above the current folder; set ClaimAudit:RulesPath");
    }

    public static RuleSet Parse(string yaml, string fileName, KnowledgeBase knowledge)
    {
        var root = Root(yaml, fileName);

        var version = Scalar(root, "version", fileName) ?? throw Error(root, fileName, "version is required");
        var name = Scalar(root, "name", fileName) ?? version;
        if (!root.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode) || rulesNode is not YamlSequenceNode rules)
            throw Error(root, fileName, "rules must be a list");

        var compiled = new List<IRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in rules)
        {
            if (node is not YamlMappingNode rule)
                throw Error(node, fileName, "each rule must be a mapping");
            var definition = ReadRule(rule, fileName);
            if (!ids.Add(definition.Id))
                throw Error(rule, fileName, $"rule id '{definition.Id}' is used twice");
            try
            {
                compiled.Add(RuleKinds.Create(definition, knowledge));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                throw Error(rule, fileName, e.Message);
            }
        }
        return new RuleSet(version, name, compiled, knowledge);
    }

    private static RuleDefinition ReadRule(YamlMappingNode rule, string file)
    {
        string Required(string key) => Scalar(rule, key, file) ?? throw Error(rule, file, $"{key} is required");
        var kind = Required("kind");
        if (!RuleKinds.IsKnown(kind))
            throw Error(rule, file, $"unknown rule kind '{kind}' (known: {string.Join(", ", RuleKinds.Names)})");
        var severity = ParseSeverity(Required("severity"), rule, file);
        var id = Required("id");
        var from = Date(rule, "effective_from", file);
        var to = Date(rule, "effective_to", file);
        if (from is { } f && to is { } t && t < f)
            throw Error(rule, file, "effective_to is before effective_from");
        var source = $"{file}:{rule.Start.Line}";
        var parameters = rule.Children.TryGetValue(new YamlScalarNode("params"), out var p)
            ? new RuleParams(ToDictionary(p as YamlMappingNode ?? throw Error(p, file, "params must be a mapping")), $"{source} ({id})")
            : RuleParams.None;
        return new RuleDefinition(id, kind, Scalar(rule, "name", file) ?? id, severity, parameters, from, to,
            Scalar(rule, "basis", file) ?? "", source);
    }

    private static Severity ParseSeverity(string text, YamlNode node, string file) => text switch
    {
        "violation" => Severity.Violation,
        "suspicious" => Severity.Suspicious,
        "warning" => Severity.Warning,
        _ => throw Error(node, file, $"severity '{text}' must be violation, suspicious or warning"),
    };

    private static Dictionary<string, object?> ToDictionary(YamlMappingNode node) =>
        node.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ToValue(kv.Value));

    private static object? ToValue(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value,
        YamlSequenceNode seq => seq.Children.Select(ToValue).ToList(),
        YamlMappingNode map => ToDictionary(map),
        _ => null,
    };

    private static string? Scalar(YamlMappingNode node, string key, string file) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value is YamlScalarNode { Value: var text } ? string.IsNullOrWhiteSpace(text) ? null : text.Trim() : throw Error(value, file, $"{key} must be a plain value")
            : null;

    private static DateOnly? Date(YamlMappingNode node, string key, string file)
    {
        var text = Scalar(node, key, file);
        if (text is null)
            return null;
        return NationalTime.TryParseDate(text, out var date) ? date : throw Error(node, file, $"{key} '{text}' is not a date (yyyy-MM-dd)");
    }

    private static RulesLoadException Error(YamlNode node, string file, string reason) => new(file, (int)node.Start.Line, reason);
}
