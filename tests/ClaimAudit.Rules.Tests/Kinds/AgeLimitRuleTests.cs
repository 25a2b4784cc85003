using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Knowledge;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class AgeLimitRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("limit.age");

    [Theory]
    [InlineData("2008-03-03", "2026-03-02 09:00:00", false)] // 17 years old, one day before 18
    [InlineData("2008-03-02", "2026-03-02 09:00:00", true)] // 18 on the fee's date: no longer 儿童
    [InlineData("1980-01-01", "2026-03-02 09:00:00", true)]
    public void Child_drug_is_limited_to_patients_under_18(string brdy, string feeTime, bool flagged)
    {
        var hit = _rule.Check(Context(Inpatient(brdy: brdy, begntime: "2026-03-01 08:00:00")), Net(Line("1", ChildDrug, feeTime)));

        Assert.Equal(flagged, hit is not null);
    }

    [Theory]
    [InlineData("2010-03-03", true)] // 15 on the fee's date
    [InlineData("2010-03-02", false)] // 16 on the day
    [InlineData("1965-03-03", false)] // 60 until the next birthday
    [InlineData("1965-03-02", true)] // 61 on the day
    public void Vocational_training_is_payable_only_at_working_age_16_to_60(string brdy, bool flagged)
    {
        var hit = _rule.Check(Context(Inpatient(brdy: brdy)), Net(Line("1", VocationalTraining, "2026-03-02 09:00:00", type: "05")));

        Assert.Equal(flagged, hit is not null);
    }

    [Fact]
    public void Newborn_item_is_payable_up_to_28_days_of_age()
    {
        var newbornCode = ShippedKnowledge.All(LimitTypes.Age).First(p => p.LimitValue == "新生儿").Code;
        var episode = Inpatient(brdy: "2026-02-01", begntime: "2026-02-01 08:00:00");

        var day28 = _rule.Check(Context(episode), Net(Line("1", newbornCode, "2026-03-01 09:00:00", type: "05")));
        var day29 = _rule.Check(Context(episode), Net(Line("2", newbornCode, "2026-03-02 09:00:00", type: "05")));

        Assert.Null(day28);
        Assert.NotNull(day29);
    }

    [Fact]
    public void Infant_item_is_payable_under_3_years()
    {
        var infantCode = ShippedKnowledge.All(LimitTypes.Age).First(p => p.LimitValue == "婴幼儿").Code;

        var under3 = _rule.Check(Context(Inpatient(brdy: "2023-03-03")), Net(Line("1", infantCode, "2026-03-02 09:00:00", type: "05")));
        var three = _rule.Check(Context(Inpatient(brdy: "2023-03-02")), Net(Line("1", infantCode, "2026-03-02 09:00:00", type: "05")));

        Assert.Null(under3);
        Assert.NotNull(three);
    }
}
