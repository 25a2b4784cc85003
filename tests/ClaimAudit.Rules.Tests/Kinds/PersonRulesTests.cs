using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class CycleFrequencyRuleTests
{
    private readonly IPersonRule _rule = Rule<IPersonRule>("cycle.frequency");

    [Theory]
    [InlineData("2026-03-15 09:00:00", true)] // 14 days later
    [InlineData("2026-03-16 09:00:00", false)] // 15 days later
    public void Hba1c_is_payable_once_per_15_days(string secondTime, bool flagged)
    {
        var hits = JudgePerson(_rule, [Visit("V1", "2026-03-01 09:00:00"), Visit("V2", secondTime)],
            PersonLineOf("V1", "1", Hba1c, "2026-03-01 09:10:00", pric: 60, type: "04"),
            PersonLineOf("V2", "1", Hba1c, secondTime, pric: 60, type: "04"));

        Assert.Equal(flagged, hits.Count == 1);
        if (flagged)
            Assert.Equal(("V2", 60m), (hits[0].MdtrtId, hits[0].Hit.Amount));
    }

    [Fact]
    public void The_excess_line_is_found_whatever_institution_billed_the_first()
    {
        var hits = JudgePerson(_rule, [Visit("V1", "2026-03-01 09:00:00", "H1"), Visit("V2", "2026-03-05 09:00:00", "H2")],
            PersonLineOf("V2", "1", Hba1c, "2026-03-05 09:00:00", fixmedins: "H2", type: "04"),
            PersonLineOf("V1", "1", Hba1c, "2026-03-01 09:00:00", fixmedins: "H1", type: "04"));

        Assert.Equal("H2", Assert.Single(hits).FixmedinsCode);
    }
}

public class DuplicateLineRuleTests
{
    private readonly IPersonRule _rule = Rule<IPersonRule>("charge.duplicate-line");

    [Fact]
    public void The_same_item_minute_count_and_price_in_two_episodes_flags_the_later_line()
    {
        var hits = JudgePerson(_rule, [],
            PersonLineOf("M2", "9", InpatientOnlyDrug, "2026-03-02 10:00:40", fixmedins: "H2"),
            PersonLineOf("M1", "4", InpatientOnlyDrug, "2026-03-02 10:00:10", fixmedins: "H1"));

        var hit = Assert.Single(hits);
        Assert.Equal(("H2", "M2", "9"), (hit.FixmedinsCode, hit.MdtrtId, hit.Hit.FeedetlSns[0]));
        Assert.Equal(10m, hit.Hit.Amount);
    }

    [Theory]
    [InlineData("2026-03-02 10:01:00", 1, 10)] // another minute
    [InlineData("2026-03-02 10:00:30", 2, 10)] // another count
    [InlineData("2026-03-02 10:00:30", 1, 11)] // another price
    public void Lines_differing_in_minute_count_or_price_are_not_duplicates(string time, decimal cnt, decimal pric) =>
        Assert.Empty(JudgePerson(_rule, [],
            PersonLineOf("M1", "1", InpatientOnlyDrug, "2026-03-02 10:00:00"),
            PersonLineOf("M1", "2", InpatientOnlyDrug, time, cnt, pric)));

    [Fact]
    public void A_fully_refunded_copy_is_not_a_duplicate() =>
        Assert.Empty(JudgePerson(_rule, [],
            PersonLineOf("M1", "1", InpatientOnlyDrug, "2026-03-02 10:00:00"),
            PersonLineOf("M1", "2", InpatientOnlyDrug, "2026-03-02 10:00:00", cnt: 0)));
}

public class OverlapRuleTests
{
    private readonly IPersonRule _rule = Rule<IPersonRule>("episode.overlap");

    private static readonly PersonEpisode StayH1 = StayOf("S1", "2026-03-01 08:00:00", "2026-03-05 10:00:00");

    [Theory]
    [InlineData("2026-03-01 20:00:00", false)] // the admission date is not strictly between
    [InlineData("2026-03-02 09:00:00", true)]
    [InlineData("2026-03-04 17:00:00", true)]
    [InlineData("2026-03-05 15:00:00", false)] // the discharge date neither
    public void An_outpatient_line_strictly_between_admission_and_discharge_dates_is_flagged(string time, bool flagged)
    {
        var hits = JudgePerson(_rule, [StayH1, Visit("V1", time, "H2")],
            PersonLineOf("V1", "1", "001102000010000", time, pric: 15, fixmedins: "H2", type: "02"));

        Assert.Equal(flagged, hits.Any(h => h.MdtrtId == "V1" && h.Hit.Amount == 15m));
    }

    [Fact]
    public void An_open_stay_reaches_every_later_outpatient_line() =>
        Assert.Single(JudgePerson(_rule, [StayOf("S1", "2026-03-01 08:00:00", null), Visit("V1", "2026-04-20 09:00:00")],
            PersonLineOf("V1", "1", "001102000010000", "2026-04-20 09:00:00")));

    [Fact]
    public void Two_stays_sharing_a_night_flag_the_later_one_as_suspicious()
    {
        var hit = Assert.Single(JudgePerson(_rule, [StayH1, StayOf("S2", "2026-03-04 14:00:00", "2026-03-08 10:00:00", "H2")]));

        Assert.Equal("S2", hit.MdtrtId);
        Assert.Equal(Severity.Suspicious, hit.Hit.Severity);
        Assert.Equal(0m, hit.Hit.Amount);
    }

    [Fact]
    public void A_stay_beginning_on_the_discharge_date_shares_no_night() =>
        Assert.Empty(JudgePerson(_rule, [StayH1, StayOf("S2", "2026-03-05 14:00:00", "2026-03-08 10:00:00", "H2")]));
}

public class SupplyOverlapRuleTests
{
    private readonly IPersonRule _rule = Rule<IPersonRule>("drug.supply-overlap");

    private static PersonLine Drug(string mdtrt, string time, int days, decimal amount = 280) =>
        PersonLineOf(mdtrt, "1", "XA10BJD332B002010178403", time, pric: amount, prdDays: days);

    [Fact]
    public void A_refill_with_more_than_3_days_left_is_flagged_pro_rata()
    {
        var hit = Assert.Single(JudgePerson(_rule, [], Drug("V1", "2026-03-01 09:00:00", 28), Drug("V2", "2026-03-15 09:00:00", 28)));

        Assert.Equal("V2", hit.MdtrtId);
        Assert.Equal(140m, hit.Hit.Amount); // 280 × 14 / 28
    }

    [Theory]
    [InlineData("2026-03-26 09:00:00", false)] // 3 days left: tolerated
    [InlineData("2026-03-25 09:00:00", true)] // 4 days left
    public void Three_days_of_supply_left_are_tolerated(string refill, bool flagged) =>
        Assert.Equal(flagged, JudgePerson(_rule, [], Drug("V1", "2026-03-01 09:00:00", 28), Drug("V2", refill, 28)).Count == 1);

    [Fact]
    public void The_deducted_share_never_exceeds_the_refill_itself()
    {
        var hit = Assert.Single(JudgePerson(_rule, [], Drug("V1", "2026-03-01 09:00:00", 90), Drug("V2", "2026-03-02 09:00:00", 7, 70)));

        Assert.Equal(70m, hit.Hit.Amount); // overlap 89 days, but this line supplies 7
    }

    [Fact]
    public void A_drug_without_prd_days_is_no_data()
    {
        Assert.Empty(_rule.Partitions(PersonLineOf("V1", "1", "X", "2026-03-01 09:00:00")));
        Assert.True(_rule.LacksData(Context(Inpatient()), Net(Line("1", "X"))));
        Assert.False(_rule.LacksData(Context(Inpatient()), Net(Line("1", "X") with { PrdDays = 7 })));
    }
}

public class VisitFrequencyRuleTests
{
    private readonly IPersonRule _rule = Rule<IPersonRule>("visit.frequency");

    private static PersonEpisode[] Visits(int count, int everyDays) => Enumerable.Range(0, count)
        .Select(i => Visit($"V{i}", new DateTime(2026, 3, 1, 9, 0, 0).AddDays(i * everyDays).ToString("yyyy-MM-dd HH:mm:ss")))
        .ToArray();

    [Fact]
    public void Eight_visits_in_30_days_are_not_flagged() => Assert.Empty(JudgePerson(_rule, Visits(8, 3)));

    [Fact]
    public void The_ninth_visit_within_30_days_is_flagged()
    {
        var hit = Assert.Single(JudgePerson(_rule, Visits(9, 3)));

        Assert.Equal("V8", hit.MdtrtId);
    }

    [Fact]
    public void Nine_visits_spread_over_more_than_30_days_are_not() =>
        Assert.Empty(JudgePerson(_rule, Visits(9, 4))); // V0..V8 span 32 days: any 30-day window holds 8

    [Fact]
    public void Inpatient_stays_are_not_visits() =>
        Assert.Empty(JudgePerson(_rule, [.. Visits(8, 1), StayOf("S1", "2026-03-09 09:00:00", "2026-03-10 09:00:00")]));
}

public class InstitutionIndicatorRuleTests
{
    private readonly IInstitutionRule _rule = Rule<IInstitutionRule>("inst.indicator");

    private static PeriodTotals Month(string period, int stays = 5, decimal amount = 5000, decimal drug = 1000, decimal consumable = 0, decimal selfPay = 0, int stayDays = 25) =>
        new(period, stays, stays, amount, drug, consumable, selfPay, stayDays, amount);

    private List<string> Flags(params PeriodTotals[] periods) => _rule.Check("H1", periods).Select(h => h.Hit.Subject!).ToList();

    [Fact]
    public void An_ordinary_month_raises_no_flag() => Assert.Empty(Flags(Month("2026-03")));

    [Theory]
    [InlineData(2251, 0, 0, "drug_share")] // 45.02 % > 45 %
    [InlineData(1000, 1501, 0, "consumable_share")]
    [InlineData(1000, 0, 751, "self_pay_share")]
    public void Shares_above_their_thresholds_are_flagged(decimal drug, decimal consumable, decimal selfPay, string indicator) =>
        Assert.Equal([$"2026-03/{indicator}"], Flags(Month("2026-03", drug: drug, consumable: consumable, selfPay: selfPay)));

    [Fact]
    public void Shares_exactly_at_the_threshold_are_not() => Assert.Empty(Flags(Month("2026-03", drug: 2250, consumable: 1500, selfPay: 750)));

    [Fact]
    public void Average_stay_above_20_days_is_flagged() =>
        Assert.Equal(["2026-03/average_stay"], Flags(Month("2026-03", stayDays: 101)));

    [Fact]
    public void Cost_per_stay_more_than_doubling_over_the_previous_month_is_flagged()
    {
        Assert.Equal(["2026-04/cost_growth"], Flags(Month("2026-03"), Month("2026-04", amount: 10001, drug: 2000)));
        Assert.Empty(Flags(Month("2026-03"), Month("2026-05", amount: 10001, drug: 2000))); // not consecutive months
    }

    [Fact]
    public void Months_with_fewer_than_5_inpatient_discharges_are_not_judged() =>
        Assert.Empty(Flags(Month("2026-03", stays: 4, drug: 4000)));
}
