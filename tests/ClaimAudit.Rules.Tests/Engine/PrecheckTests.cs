using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Engine;

public class PrecheckTests
{
    private const string WomenOnly = "ZD03AAA0043010100166";

    private static Episode Male(string mdtrt, string begn, string? end = null) =>
        Inpatient(mdtrt, begntime: begn, endtime: end) with { Gend = "1" };

    [Fact]
    public void A_history_stay_held_and_sent_counts_its_lines_once_and_the_readmission_falls_on_the_stay_checked()
    {
        var history = Male("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00");
        var stored = new PersonRecord([PersonEpisode.From(history)],
            [PersonLine.From(history, Net(Line("S1", WomenOnly, "2026-03-02 09:00:00")))]);
        var current = Male("M2", "2026-03-10 08:00:00");
        var encounters = new[]
        {
            new PrecheckEncounter(history, null, [Line("S1", WomenOnly, "2026-03-02 09:00:00")], false, []),
            new PrecheckEncounter(current, null, [Line("C1", WomenOnly, "2026-03-11 09:00:00")], true, ["C1"]),
        };

        var findings = Precheck.Judge(_ => ShippedRuleSet, "P1", encounters, stored, PrecheckScope.Orders, new DateTime(2026, 3, 11, 9, 30, 0));

        Assert.All(findings, f => Assert.Equal("M2", f.MdtrtId)); // only the encounter checked is answered
        Assert.Equal("limit.sex", findings[0].RuleKind); // on the current order, first
        Assert.Equal(["C1"], findings[0].FeedetlSns);
        Assert.Single(findings, f => f.RuleKind == "episode.readmission");
    }

    [Fact]
    public void Registration_judges_the_history_only_and_orders_and_settlement_add_the_line_rules()
    {
        var history = Male("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00");
        var current = Male("M2", "2026-03-10 08:00:00");
        var encounters = new[]
        {
            new PrecheckEncounter(history, null, [], false, []),
            new PrecheckEncounter(current, null, [Line("C1", WomenOnly, "2026-03-11 09:00:00")], true, ["C1"]),
        };
        var at = new DateTime(2026, 3, 12, 9, 0, 0);

        var registration = Precheck.Judge(_ => ShippedRuleSet, "P1", encounters, PersonRecord.Empty, PrecheckScope.Registration, at);
        var orders = Precheck.Judge(_ => ShippedRuleSet, "P1", encounters, PersonRecord.Empty, PrecheckScope.Orders, at);
        var settlement = Precheck.Judge(_ => ShippedRuleSet, "P1", encounters, PersonRecord.Empty, PrecheckScope.Settlement, at);

        Assert.Equal(["episode.readmission"], registration.Select(f => f.RuleKind));
        Assert.Contains(orders, f => f.RuleKind == "limit.sex");
        Assert.Single(orders, f => f.RuleKind == "episode.readmission"); // 4–5 keep the history rules (docs/national.md)
        Assert.Contains(settlement, f => f.RuleKind == "limit.sex");
        Assert.Contains(settlement, f => f.RuleKind == "episode.readmission");
    }
}
