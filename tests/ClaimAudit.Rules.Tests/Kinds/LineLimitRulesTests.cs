using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class InsuranceLimitRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("limit.insurance");

    private static Episode Insured(string insutype) => Inpatient() with { Insutype = insutype };

    [Fact]
    public void Work_injury_drug_billed_to_basic_insurance_is_flagged_with_the_line_amount()
    {
        var hit = _rule.Check(Context(Insured("310")), Net(Line("1", WorkInjuryDrug, cnt: 2, pric: 45)));

        Assert.Equal(90m, hit!.Amount);
        Assert.Contains("工伤", hit.Message);
    }

    [Fact]
    public void Maternity_drug_is_payable_under_maternity_insurance_510_only()
    {
        Assert.Null(_rule.Check(Context(Insured("510")), Net(Line("1", MaternityDrug))));
        Assert.NotNull(_rule.Check(Context(Insured("390")), Net(Line("1", MaternityDrug))));
    }

    [Fact]
    public void A_region_that_configures_its_work_injury_insutype_pays_the_drug_under_it()
    {
        var regional = Rule<ILineRule>("limit.insurance", new() { ["work_injury_insutypes"] = new List<object?> { "410" } });

        Assert.Null(regional.Check(Context(Insured("410")), Net(Line("1", WorkInjuryDrug))));
        Assert.NotNull(regional.Check(Context(Insured("310")), Net(Line("1", WorkInjuryDrug))));
    }
}

public class SettingLimitRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("limit.setting");

    [Theory]
    [InlineData("21", false)] // 普通住院
    [InlineData("28", false)] // 日间手术 is inpatient
    [InlineData("11", true)] // 普通门诊
    [InlineData("140104", true)] // 门诊慢病
    [InlineData("41", true)] // 药店购药
    public void Inpatient_only_drug_is_flagged_outside_an_inpatient_stay(string medType, bool flagged) =>
        Assert.Equal(flagged, _rule.Check(Context(Inpatient() with { MedType = medType }), Net(Line("1", InpatientOnlyDrug))) is not null);

    [Fact]
    public void An_unknown_med_type_is_no_data() =>
        Assert.NotNull(_rule.MissingData(Context(Inpatient() with { MedType = "99" })));
}

public class LevelLimitRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("limit.level");

    [Theory]
    [InlineData("02", false)] // 三级甲等
    [InlineData("07", false)] // 二级丙等: exactly the required level
    [InlineData("13", false)] // 二级无等
    [InlineData("08", true)] // 一级甲等
    [InlineData("11", true)] // 无等级
    public void Drug_limited_to_secondary_level_and_above(string hospLv, bool flagged) =>
        Assert.Equal(flagged, _rule.Check(Context(Inpatient(), hospLv), Net(Line("1", SecondaryLevelDrug, pric: 60))) is not null);

    [Fact]
    public void Drug_limited_to_tertiary_is_flagged_at_a_secondary_hospital()
    {
        Assert.NotNull(_rule.Check(Context(Inpatient(), "05"), Net(Line("1", TertiaryLevelDrug))));
        Assert.Null(_rule.Check(Context(Inpatient(), "04"), Net(Line("1", TertiaryLevelDrug))));
    }

    [Fact]
    public void An_institution_of_unknown_level_is_no_data_not_a_violation()
    {
        Assert.NotNull(_rule.MissingData(Context(Inpatient())));
        Assert.NotNull(_rule.MissingData(Context(Inpatient(), "99")));
        Assert.Null(_rule.MissingData(Context(Inpatient(), "05")));
    }
}

public class DepartmentLimitRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("limit.department");

    private static FeeLine Billed(string? dept) => Line("1", PsychiatricNursing, pric: 35, type: "07") with { BilgDeptCodg = dept };

    [Fact]
    public void Psychiatric_item_billed_by_internal_medicine_is_flagged()
    {
        var hit = _rule.Check(Context(Inpatient()), Net(Billed("A03")));

        Assert.Equal(35m, hit!.Amount);
        Assert.Contains("A03", hit.Message);
    }

    [Theory]
    [InlineData("A15")]
    [InlineData("A15.02")] // a sub-department of 精神科
    public void Psychiatric_item_billed_by_psychiatry_is_payable(string dept) =>
        Assert.Null(_rule.Check(Context(Inpatient()), Net(Billed(dept))));

    [Fact]
    public void A_limited_line_without_a_billing_department_is_no_data()
    {
        Assert.Null(_rule.Check(Context(Inpatient()), Net(Billed(null))));
        Assert.True(_rule.LacksData(Context(Inpatient()), Net(Billed(null))));
        Assert.False(_rule.LacksData(Context(Inpatient()), Net(Line("2", BedFee, type: "01"))));
    }
}

public class PriceCapRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("price.over-cap");

    [Theory]
    [InlineData("01", 80, 0)] // 三级 cap 80: exactly the cap
    [InlineData("01", 81, 2)] // one yuan over, two days
    [InlineData("05", 81, 32)] // 二级 cap 65
    [InlineData("09", 51, 2)] // 一级 cap 50
    [InlineData("11", 51, 2)] // 无等级 uses the 一级 cap
    public void Bed_fee_above_the_cap_for_the_level_is_deducted_by_the_excess_times_units(string hospLv, decimal pric, decimal amount)
    {
        var hit = _rule.Check(Context(Inpatient(), hospLv), Net(Line("1", BedFee, cnt: 2, pric: pric, type: "01")));

        Assert.Equal(amount, hit?.Amount ?? 0);
    }

    [Fact]
    public void Items_without_a_cap_and_institutions_without_a_level_are_not_judged()
    {
        Assert.Null(_rule.Check(Context(Inpatient(), "01"), Net(Line("1", InpatientOnlyDrug, pric: 9999))));
        Assert.NotNull(_rule.MissingData(Context(Inpatient())));
    }
}

public class FeeOutsideStayRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("stay.fee-outside");

    private static readonly Episode Stay = Inpatient(begntime: "2026-03-01 15:00:00", endtime: "2026-03-05 10:00:00");

    [Theory]
    [InlineData("2026-02-28 23:59:00", true)]
    [InlineData("2026-03-01 08:00:00", false)] // the admission date, even before the admission hour
    [InlineData("2026-03-05 23:00:00", false)] // the discharge date
    [InlineData("2026-03-06 00:01:00", true)]
    public void Lines_dated_outside_the_stay_dates_are_flagged(string time, bool flagged) =>
        Assert.Equal(flagged, _rule.Check(Context(Stay), Net(Line("1", BedFee, time, type: "01"))) is not null);

    [Fact]
    public void Before_discharge_only_lines_before_admission_can_be_outside() =>
        Assert.Null(_rule.Check(Context(Stay with { Endtime = null }), Net(Line("1", BedFee, "2026-04-01 09:00:00", type: "01"))));

    [Fact]
    public void Outpatient_episodes_are_not_judged() =>
        Assert.Null(_rule.Check(Context(Stay with { MedType = "11" }), Net(Line("1", BedFee, "2026-02-01 09:00:00", type: "01"))));
}
