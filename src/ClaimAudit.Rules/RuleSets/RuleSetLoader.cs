using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Knowledge;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClaimAudit.Rules.RuleSets;

/// <summary>
/// Loads <c>rules/</c>: a rule-set YAML file (<c>rulesets/{name}.yaml</c>) and the knowledge tables under
/// <c>knowledge/</c>. Anything wrong is refused with the file, the line and the reason.
/// </summary>
public static class RuleSetLoader
{
    public const string DefaultRuleSet = "national";

    public static RuleSet Load(string rulesRoot, string ruleSetName = DefaultRuleSet)
    {
        var knowledgeDir = Path.Combine(rulesRoot, "knowledge");
        var knowledge = Directory.Exists(knowledgeDir) ? KnowledgeImporter.LoadDirectory(knowledgeDir, rulesRoot) : KnowledgeBase.Empty;
        var file = Path.Combine(rulesRoot, "rulesets", ruleSetName + ".yaml");
        if (!File.Exists(file))
            throw new RulesLoadException(Path.GetRelativePath(rulesRoot, file), 0, "rule set file not found");
        return Parse(File.ReadAllText(file), Path.GetRelativePath(rulesRoot, file).Replace('\\', '/'), knowledge);
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
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new RulesLoadException(fileName, (int)e.Start.Line, e.InnerException?.Message ?? e.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new RulesLoadException(fileName, 1, "expected a mapping with version, name and rules");

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
        var severityText = Required("severity");
        Severity severity = severityText switch
        {
            "violation" => Severity.Violation,
            "suspicious" => Severity.Suspicious,
            "warning" => Severity.Warning,
            _ => throw Error(rule, file, $"severity '{severityText}' must be violation, suspicious or warning"),
        };
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
