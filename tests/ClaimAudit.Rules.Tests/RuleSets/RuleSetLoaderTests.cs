using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.RuleSets;

public class RuleSetLoaderTests
{
    [Fact]
    public void The_shipped_rule_set_loads_every_kind_it_names()
    {
        var kinds = ShippedRuleSet.Rules.Select(r => r.Definition.Kind).ToHashSet();

        Assert.Superset(new HashSet<string> { "limit.sex", "limit.age", "qty.per-period", "stay.bed-days", "episode.readmission" }, kinds);
        Assert.False(string.IsNullOrWhiteSpace(ShippedRuleSet.Version));
        Assert.All(ShippedRuleSet.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Definition.Basis)));
    }

    [Fact]
    public void Broken_yaml_is_refused_with_the_file_and_line()
    {
        const string yaml = "version: \"1\"\nrules:\n  - id: A\n    kind: limit.sex\n   severity: [violation\n";

        var error = Assert.Throws<RulesLoadException>(() => RuleSetLoader.Parse(yaml, "rulesets/broken.yaml", ShippedKnowledge));

        Assert.Equal("rulesets/broken.yaml", error.File);
        Assert.InRange(error.Line, 4, 6);
    }

    [Fact]
    public void An_unknown_kind_is_refused_at_the_line_of_its_rule()
    {
        const string yaml = "version: \"1\"\nrules:\n  - id: A\n    kind: limit.sex\n    severity: violation\n  - id: B\n    kind: limit.colour\n    severity: violation\n";

        var error = Assert.Throws<RulesLoadException>(() => RuleSetLoader.Parse(yaml, "x.yaml", ShippedKnowledge));

        Assert.Equal(6, error.Line);
        Assert.Contains("limit.colour", error.Message);
        Assert.StartsWith("x.yaml:6:", error.Message);
    }

    [Theory]
    [InlineData("    severity: fatal\n", "severity")]
    [InlineData("    severity: violation\n    effective_from: 2026-13-01\n", "effective_from")]
    [InlineData("    severity: violation\n    params:\n      window_days: ten\n", "window_days")]
    public void Bad_rule_fields_are_refused_with_the_reason(string rest, string named)
    {
        var yaml = "version: \"1\"\nrules:\n  - id: A\n    kind: episode.readmission\n" + rest;

        var error = Assert.Throws<RulesLoadException>(() => RuleSetLoader.Parse(yaml, "x.yaml", ShippedKnowledge));

        Assert.Contains(named, error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_rule_id_used_twice_is_refused()
    {
        const string yaml = "version: \"1\"\nrules:\n  - id: A\n    kind: limit.sex\n    severity: violation\n  - id: A\n    kind: limit.age\n    severity: violation\n";

        Assert.Contains("used twice", Assert.Throws<RulesLoadException>(() => RuleSetLoader.Parse(yaml, "x.yaml", ShippedKnowledge)).Message);
    }
}
