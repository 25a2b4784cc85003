using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class ReadmissionRuleTests
{
    private readonly IPersonRule _rule = Rule<IPersonRule>("episode.readmission");

    private static PersonEpisode Stay(string mdtrt, string begn, string end, string diag = "J18.900", string fixmedins = "H1", bool planned = false, string medType = "21") =>
        new(fixmedins, mdtrt, medType, DateTime.Parse(begn), DateTime.Parse(end), diag, planned);

    private List<PersonHit> Judge(params PersonEpisode[] stays) => _rule.Check(new PersonHistory("P1", stays), PartitionKey.Whole, []).ToList();

    [Fact]
    public void Admission_15_days_after_discharge_with_the_same_category_is_flagged_on_the_second_stay()
    {
        var hit = Assert.Single(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00", "J18.900"),
            Stay("M2", "2026-03-20 09:00:00", "2026-03-25 10:00:00", "J18.000")));

        Assert.Equal("M2", hit.MdtrtId);
        Assert.Equal(0m, hit.Hit.Amount);
        Assert.Contains("15 天", hit.Hit.Message);
    }

    [Fact]
    public void Admission_16_days_after_discharge_is_not_flagged() =>
        Assert.Empty(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00"),
            Stay("M2", "2026-03-21 09:00:00", "2026-03-25 10:00:00")));

    [Fact]
    public void Admission_on_the_discharge_day_is_zero_days_and_flagged() =>
        Assert.Single(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00"),
            Stay("M2", "2026-03-05 15:00:00", "2026-03-08 10:00:00")));

    [Fact]
    public void A_different_category_is_not_flagged() =>
        Assert.Empty(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00", "J18.900"),
            Stay("M2", "2026-03-10 09:00:00", "2026-03-12 10:00:00", "K35.800")));

    [Fact]
    public void A_declared_planned_readmission_is_not_flagged() =>
        Assert.Empty(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00"),
            Stay("M2", "2026-03-10 09:00:00", "2026-03-12 10:00:00", planned: true)));

    [Theory]
    [InlineData("Z51.100")]
    [InlineData("Z49.100")]
    public void Chemotherapy_and_dialysis_are_exempt(string diag) =>
        Assert.Empty(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00", diag),
            Stay("M2", "2026-03-10 09:00:00", "2026-03-12 10:00:00", diag)));

    [Fact]
    public void A_stay_at_another_institution_is_not_a_readmission() =>
        Assert.Empty(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00", fixmedins: "H1"),
            Stay("M2", "2026-03-10 09:00:00", "2026-03-12 10:00:00", fixmedins: "H2")));

    [Fact]
    public void Outpatient_visits_are_not_stays() =>
        Assert.Empty(Judge(
            Stay("M1", "2026-03-01 08:00:00", "2026-03-01 10:00:00", medType: "11"),
            Stay("M2", "2026-03-10 09:00:00", "2026-03-12 10:00:00")));

    [Fact]
    public void The_window_is_a_parameter_regions_may_override()
    {
        var rule = Rule<IPersonRule>("episode.readmission", new() { ["window_days"] = "10" });

        var hits = rule.Check(new PersonHistory("P1", [
            Stay("M1", "2026-03-01 08:00:00", "2026-03-05 10:00:00"),
            Stay("M2", "2026-03-16 09:00:00", "2026-03-18 10:00:00")]), PartitionKey.Whole, []).ToList();

        Assert.Empty(hits); // 11 days: inside the default 15, outside this region's 10
    }
}
