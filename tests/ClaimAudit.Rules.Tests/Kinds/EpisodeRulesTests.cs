using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class DiagnosisLimitRuleTests
{
    private readonly IEpisodeRule _rule = Rule<IEpisodeRule>("limit.diagnosis");

    [Fact]
    public void Head_injury_drug_without_a_head_injury_diagnosis_is_flagged_with_the_line_amount()
    {
        var hit = Assert.Single(JudgeEpisode(_rule, Context(Inpatient(diag: "J18.900")), Line("1", HeadInjuryDrug, cnt: 2, pric: 25)));

        Assert.Equal(["1"], hit.FeedetlSns);
        Assert.Equal(50m, hit.Amount);
        Assert.Contains("J18.900", hit.Message);
    }

    [Theory]
    [InlineData("S06.000")] // 脑震荡
    [InlineData("T90.500")] // 颅内损伤后遗症
    public void A_listed_diagnosis_prefix_satisfies_the_limit(string diag) =>
        Assert.Empty(JudgeEpisode(_rule, Context(Inpatient(diag: diag)), Line("1", HeadInjuryDrug)));

    [Fact]
    public void A_secondary_diagnosis_satisfies_it_too()
    {
        var episode = Inpatient(diag: "J18.900") with { Diseinfo = [new("1", "1", "J18.900"), new("1", "0", "S06.000")] };

        Assert.Empty(JudgeEpisode(_rule, Context(episode), Line("1", HeadInjuryDrug)));
    }
}

public class CourseDaysRuleTests
{
    private readonly IEpisodeRule _rule = Rule<IEpisodeRule>("course.days");

    private static FeeLine[] Daily(string code, int days, string type = "09") => Enumerable.Range(0, days)
        .Select(d => Line($"C{d:D2}", code, new DateTime(2026, 3, 1 + d, 10, 0, 0).ToString("yyyy-MM-dd HH:mm:ss"), pric: 28, type: type))
        .ToArray();

    [Fact]
    public void Billed_on_exactly_the_course_days_is_not_flagged() =>
        Assert.Empty(JudgeEpisode(_rule, Context(Inpatient()), Daily(TenDayCourseDrug, 10)));

    [Fact]
    public void The_lines_on_dates_after_the_course_are_flagged()
    {
        var hit = Assert.Single(JudgeEpisode(_rule, Context(Inpatient()), Daily(TenDayCourseDrug, 12)));

        Assert.Equal(["C10", "C11"], hit.FeedetlSns);
        Assert.Equal(56m, hit.Amount);
        Assert.Equal(12, hit.RelatedSns.Count);
    }

    [Fact]
    public void Several_lines_on_one_date_count_as_one_course_day()
    {
        var lines = Daily(TenDayCourseDrug, 10).Append(Line("X", TenDayCourseDrug, "2026-03-05 20:00:00", pric: 28)).ToArray();

        Assert.Empty(JudgeEpisode(_rule, Context(Inpatient()), lines));
    }

    [Fact]
    public void A_batch_8_service_course_is_counted_in_days_too() =>
        Assert.Single(JudgeEpisode(_rule, Context(Inpatient()), Daily(WeightSupportTraining, 31, "05")));
}

public class ChargePairRuleTests
{
    private readonly IEpisodeRule _rule = Rule<IEpisodeRule>("charge.pair");

    [Fact]
    public void Secondary_item_billed_the_same_day_as_its_main_item_is_flagged()
    {
        var hit = Assert.Single(JudgeEpisode(_rule, Context(Inpatient()),
            Line("A", PairMain, "2026-03-02 08:00:00", pric: 30, type: "04"),
            Line("B", PairSecondary, "2026-03-02 23:00:00", pric: 20, type: "04")));

        Assert.Equal(["B"], hit.FeedetlSns);
        Assert.Equal(["A"], hit.RelatedSns);
        Assert.Equal(20m, hit.Amount);
    }

    [Fact]
    public void On_another_day_a_same_day_pair_is_payable() =>
        Assert.Empty(JudgeEpisode(_rule, Context(Inpatient()),
            Line("A", PairMain, "2026-03-02 23:30:00", type: "04"),
            Line("B", PairSecondary, "2026-03-03 00:10:00", type: "04")));

    [Theory]
    [InlineData("2026-03-02 08:59:00", true)] // 59 minutes apart
    [InlineData("2026-03-02 09:00:00", false)] // exactly one hour: not less than one hour
    public void A_same_hour_pair_needs_less_than_an_hour_between(string secondaryTime, bool flagged) =>
        Assert.Equal(flagged, JudgeEpisode(_rule, Context(Inpatient()),
            Line("A", SameHourMain, "2026-03-02 08:00:00", type: "05"),
            Line("B", SameHourSecondary, secondaryTime, type: "05")).Count == 1);

    [Theory]
    [InlineData("6小时", 5.99, true)]
    [InlineData("6小时", 6, false)]
    [InlineData("单次就诊", 240, true)]
    public void Periods_are_read_as_published(string period, double hours, bool within) =>
        Assert.Equal(within, ChargePairRule.Within(period, new DateTime(2026, 3, 2, 8, 0, 0), new DateTime(2026, 3, 2, 8, 0, 0).AddHours(hours)));

    [Fact]
    public void Only_the_main_item_is_never_flagged() =>
        Assert.Empty(JudgeEpisode(_rule, Context(Inpatient()), Line("A", PairMain, type: "04"), Line("A2", PairMain, type: "04")));

    [Fact]
    public void A_partition_with_one_side_of_the_pair_is_skipped_and_would_have_given_nothing()
    {
        var context = Context(Inpatient());
        var lines = new[] { Line("A", PairMain, "2026-03-02 08:00:00", type: "04"), Line("A2", PairMain, "2026-03-02 09:00:00", type: "04") }.Select(Net).ToList();
        var key = Assert.Single(_rule.Partitions(context, lines[0]).Intersect(_rule.Partitions(context, Net(Line("B", PairSecondary, type: "04")))));

        Assert.False(_rule.MayFire(key, new HashSet<string> { PairMain }));
        Assert.Empty(_rule.Check(context, key, lines));
        Assert.True(_rule.MayFire(key, new HashSet<string> { PairMain, PairSecondary }));
    }
}

public class IdleDaysRuleTests
{
    private readonly IEpisodeRule _rule = Rule<IEpisodeRule>("stay.idle-days");

    private static List<FeeLine> Stay(int idleFrom, int idleDays, int days = 8)
    {
        var lines = new List<FeeLine>();
        for (var d = 0; d < days; d++)
        {
            var date = new DateTime(2026, 3, 1 + d);
            lines.Add(Line($"B{d}", BedFee, date.AddHours(23).ToString("yyyy-MM-dd HH:mm:ss"), pric: 50, type: "01"));
            lines.Add(Line($"N{d}", NursingLevel2, date.AddHours(20).ToString("yyyy-MM-dd HH:mm:ss"), pric: 30, type: "07"));
            if (d < idleFrom || d >= idleFrom + idleDays)
                lines.Add(Line($"D{d}", InpatientOnlyDrug, date.AddHours(10).ToString("yyyy-MM-dd HH:mm:ss"), pric: 40));
        }
        return lines;
    }

    private static AuditContext Discharged => Context(Inpatient(begntime: "2026-03-01 08:00:00", endtime: "2026-03-09 10:00:00"));

    [Fact]
    public void Three_consecutive_days_of_only_bed_and_nursing_fees_are_suspicious()
    {
        var hit = Assert.Single(JudgeEpisode(_rule, Discharged, [.. Stay(2, 3)]));

        Assert.Equal(0m, hit.Amount);
        Assert.Empty(hit.FeedetlSns);
        Assert.Equal(["N2", "B2", "N3", "B3", "N4", "B4"], hit.RelatedSns);
    }

    [Fact]
    public void Two_such_days_are_not() => Assert.Empty(JudgeEpisode(_rule, Discharged, [.. Stay(2, 2)]));

    [Fact]
    public void The_admission_date_does_not_count_as_between() => Assert.Empty(JudgeEpisode(_rule, Discharged, [.. Stay(0, 3)]));

    [Fact]
    public void A_day_without_any_line_breaks_the_run()
    {
        var lines = Stay(2, 3).Where(l => !l.FeedetlSn.EndsWith('3')).ToArray();

        Assert.Empty(JudgeEpisode(_rule, Discharged, lines));
    }
}

public class SelfPayRatioRuleTests
{
    private readonly IEpisodeRule _rule = Rule<IEpisodeRule>("episode.self-pay-ratio");

    private static AuditContext Discharged => Context(Inpatient(endtime: "2026-03-05 10:00:00"));

    private static FeeLine SelfPay(decimal amount) => Line("S", "003103000440000", pric: amount, type: "03") with { ChrgitmLv = "03" };

    [Fact]
    public void Self_pay_share_above_8_percent_is_a_warning()
    {
        var hit = Assert.Single(JudgeEpisode(_rule, Discharged, Line("1", BedFee, cnt: 1, pric: 900, type: "01"), SelfPay(80.01m)));

        Assert.Equal(0m, hit.Amount);
        Assert.Equal(["S"], hit.RelatedSns);
    }

    [Fact]
    public void Exactly_8_percent_is_not() =>
        Assert.Empty(JudgeEpisode(_rule, Discharged, Line("1", BedFee, cnt: 1, pric: 920, type: "01"), SelfPay(80)));

    [Fact]
    public void It_is_judged_at_discharge_only() => Assert.True(_rule.AwaitsDischarge);
}
