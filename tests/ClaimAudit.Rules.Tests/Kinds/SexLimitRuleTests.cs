using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class SexLimitRuleTests
{
    private readonly ILineRule _rule = Rule<ILineRule>("limit.sex");

    [Fact]
    public void Female_only_drug_billed_to_a_man_is_flagged_with_the_line_amount()
    {
        var line = Line("7", FemaleOnlyDrug, cnt: 2, pric: 12.5m);

        var hit = _rule.Check(Context(Inpatient(gend: "1")), Net(line));

        Assert.NotNull(hit);
        Assert.Equal(["7"], hit.FeedetlSns);
        Assert.Equal(25m, hit.Amount);
        Assert.Contains("艾附暖宫丸", hit.Message);
    }

    [Fact]
    public void Female_only_drug_billed_to_a_woman_is_not_flagged() =>
        Assert.Null(_rule.Check(Context(Inpatient(gend: "2")), Net(Line("7", FemaleOnlyDrug))));

    [Fact]
    public void Male_only_drug_billed_to_a_woman_is_flagged() =>
        Assert.NotNull(_rule.Check(Context(Inpatient(gend: "2")), Net(Line("7", MaleOnlyDrug))));

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    public void Unknown_sex_is_no_data_not_a_violation(string gend) =>
        Assert.Null(_rule.Check(Context(Inpatient(gend: gend)), Net(Line("7", FemaleOnlyDrug))));

    [Fact]
    public void Item_without_a_sex_limit_is_not_flagged() =>
        Assert.Null(_rule.Check(Context(Inpatient(gend: "1")), Net(Line("7", InpatientConsultation))));

    [Fact]
    public void Amount_is_net_of_refunds()
    {
        var line = Line("7", FemaleOnlyDrug, cnt: 3, pric: 10);

        var hit = _rule.Check(Context(Inpatient(gend: "1")), line is var l ? NetLine.Of(l, 1, 10) : default);

        Assert.Equal(10m, hit!.Amount);
    }
}
