using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class QuantityPerPeriodRuleTests
{
    private readonly IEpisodeRule _rule = Rule<IEpisodeRule>("qty.per-period");

    private List<Hit> Judge(params FeeLine[] lines)
    {
        var context = Context(Inpatient());
        return lines.Select(Net)
            .SelectMany(l => _rule.Partitions(context, l).Select(key => (key, l)))
            .GroupBy(x => x.key, x => x.l)
            .SelectMany(g => _rule.Check(context, g.Key, g.ToList()))
            .ToList();
    }

    [Fact]
    public void Once_a_day_item_billed_once_is_not_flagged() =>
        Assert.Empty(Judge(Line("1", InpatientConsultation, "2026-03-02 09:00:00", pric: 20, type: "02")));

    [Fact]
    public void Once_a_day_item_billed_twice_flags_the_later_line_with_one_excess_unit()
    {
        var hits = Judge(
            Line("2", InpatientConsultation, "2026-03-02 17:00:00", pric: 20, type: "02"),
            Line("1", InpatientConsultation, "2026-03-02 09:00:00", pric: 20, type: "02"));

        var hit = Assert.Single(hits);
        Assert.Equal(["2"], hit.FeedetlSns);
        Assert.Equal(20m, hit.Amount);
        Assert.Equal(["1", "2"], hit.RelatedSns);
        Assert.Contains("住院诊查费", hit.Message);
        Assert.Contains("计 2", hit.Message);
    }

    [Fact]
    public void The_same_item_on_two_dates_is_counted_per_calendar_day() =>
        Assert.Empty(Judge(
            Line("1", InpatientConsultation, "2026-03-02 23:59:00", type: "02"),
            Line("2", InpatientConsultation, "2026-03-03 00:01:00", type: "02")));

    [Fact]
    public void Hourly_item_allows_24_units_a_day_and_flags_the_25th()
    {
        Assert.Empty(Judge(Line("1", VentilatorHours, "2026-03-02 00:00:00", cnt: 24, pric: 30, type: "05")));

        var hit = Assert.Single(Judge(
            Line("1", VentilatorHours, "2026-03-02 00:00:00", cnt: 20, pric: 30, type: "05"),
            Line("2", VentilatorHours, "2026-03-02 20:00:00", cnt: 5, pric: 30, type: "05")));

        Assert.Equal(["2"], hit.FeedetlSns);
        Assert.Equal(30m, hit.Amount); // 25 − 24 = 1 hour over
    }

    [Fact]
    public void A_refund_cancels_units_of_the_line_it_names()
    {
        var context = Context(Inpatient());
        var first = Net(Line("1", InpatientConsultation, "2026-03-02 09:00:00", type: "02"));
        var second = NetLine.Of(Line("2", InpatientConsultation, "2026-03-02 17:00:00", type: "02"), 0, 0);

        Assert.Empty(_rule.Check(context, PartitionKey.Whole, [first, second]));
    }

    [Fact]
    public void A_per_episode_rule_counts_units_over_the_whole_episode()
    {
        var rule = Rule<IEpisodeRule>("qty.per-period", new() { ["period"] = "episode", ["limits"] = new Dictionary<string, object?> { ["X1"] = "3" } });
        var context = Context(Inpatient());
        var lines = new[] { Line("1", "X1", "2026-03-02 09:00:00", cnt: 2), Line("2", "X1", "2026-03-05 09:00:00", cnt: 2) }.Select(Net).ToList();

        Assert.Equal([PartitionKey.OfCode("X1")], rule.Partitions(context, lines[0]));
        var hit = Assert.Single(rule.Check(context, PartitionKey.OfCode("X1"), lines));
        Assert.Equal(["2"], hit.FeedetlSns);
        Assert.Equal(10m, hit.Amount);
    }
}
