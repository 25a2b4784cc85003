using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.RuleSets;

public class RegionalOverrideTests
{
    private const string Override = """
        admdvs: "330100"
        version: "t+330100"
        rules:
          - id: EPI-RINP-15
            params:
              window_days: 10
          - id: NHSA-XB-01
            enabled: false
        """;

    private static PersonEpisode Stay(string mdtrt, string begn, string end, string? admdvs) =>
        new("H1", mdtrt, "21", DateTime.Parse(begn), DateTime.Parse(end), "J18.900", false, admdvs);

    [Fact]
    public void A_region_overrides_a_parameter_and_keeps_every_other_rule()
    {
        var (admdvs, regional) = RuleSetLoader.ParseOverride(Override, "regions/330100.yaml", ShippedRuleSet);

        Assert.Equal("330100", admdvs);
        Assert.Equal("t+330100", regional.Version);
        Assert.Equal(ShippedRuleSet.Rules.Count - 1, regional.Rules.Count);
        Assert.DoesNotContain(regional.Rules, r => r.Definition.Id == "NHSA-XB-01");
        Assert.Equal(10, regional.Rules.Single(r => r.Definition.Id == "EPI-RINP-15").Definition.Params.Int("window_days", 0));
        Assert.Equal(ShippedRuleSet.Rules.Single(r => r.Definition.Id == "EPI-RINP-15").Definition.Params.List("exempt_categories", []),
            regional.Rules.Single(r => r.Definition.Id == "EPI-RINP-15").Definition.Params.List("exempt_categories", []));
    }

    [Fact]
    public void A_readmission_after_11_days_is_flagged_nationally_but_not_in_a_region_with_a_10_day_window()
    {
        var (admdvs, regional) = RuleSetLoader.ParseOverride(Override, "regions/330100.yaml", ShippedRuleSet);
        var catalog = new RuleSetCatalog(ShippedRuleSet, new Dictionary<string, RuleSet> { [admdvs] = regional });

        var national = new PersonAudit(catalog.For, "P1");
        national.Update(Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00", null), []);
        var inHangzhou = new PersonAudit(catalog.For, "P2");
        inHangzhou.Update(Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00", "330100"), []);

        Assert.Single(national.Update(Stay("M2", "2026-03-16 08:00:00", "2026-03-18 10:00:00", null), []));
        Assert.Empty(inHangzhou.Update(Stay("M2", "2026-03-16 08:00:00", "2026-03-18 10:00:00", "330100"), []));
    }

    [Fact]
    public void The_shipped_regional_override_loads_with_the_national_set()
    {
        var catalog = RuleSetLoader.LoadCatalog(RuleSetLoader.LocateRulesRoot());

        Assert.True(catalog.Regions.ContainsKey("330100"));
        Assert.Same(catalog.National, catalog.For("999999"));
        Assert.NotEqual(catalog.National.Version, catalog.For("330100").Version);
    }

    [Theory]
    [InlineData("admdvs: \"1\"\nversion: v\nrules:\n  - id: NO-SUCH-RULE\n", 4, "NO-SUCH-RULE")]
    [InlineData("admdvs: \"1\"\nversion: v\nrules:\n  - id: EPI-RINP-15\n    params:\n      window_days: soon\n", 4, "window_days")]
    [InlineData("version: v\nrules: []\n", 1, "admdvs")]
    public void A_broken_override_is_refused_with_file_and_line(string yaml, int line, string named)
    {
        var error = Assert.Throws<RulesLoadException>(() => RuleSetLoader.ParseOverride(yaml, "regions/x.yaml", ShippedRuleSet));

        Assert.Equal(("regions/x.yaml", line), (error.File, error.Line));
        Assert.Contains(named, error.Message);
    }
}
