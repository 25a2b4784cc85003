using ClaimAudit.Gateway.Console;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Gateway.Tests.Console;

public class ConsoleTextTests
{
    [Fact]
    public void Every_rule_kind_the_engine_knows_has_a_name_in_the_console() =>
        Assert.Equal(RuleKinds.Names.Order(StringComparer.Ordinal), ConsoleText.Kinds.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("med_chrgitm_type", "09", "09 西药费")]
    [InlineData("med_type", "21", "21 普通住院")]
    [InlineData("hosp_lv", "02", "02 三级甲等")]
    [InlineData("med_chrgitm_type", "99", "99")]
    public void A_national_code_is_shown_with_its_name_or_as_it_is(string field, string code, string shown) =>
        Assert.Equal(shown, ConsoleText.Code(field, code));

    [Fact]
    public void Times_are_minutes_in_beijing_time_and_amounts_have_two_decimals()
    {
        Assert.Equal("2026-03-02 18:05", ConsoleText.Time(new DateTimeOffset(2026, 3, 2, 10, 5, 59, TimeSpan.Zero)));
        Assert.Equal("2026-03-02 10:05", ConsoleText.Time(new DateTime(2026, 3, 2, 10, 5, 59)));
        Assert.Equal("1,234.50", ConsoleText.Amount(1234.5m));
        Assert.Equal("无数据", ConsoleText.Ratio(null));
    }

    [Fact]
    public void Every_finding_status_has_its_chinese_name() =>
        Assert.All(Enum.GetValues<FindingStatus>(), s => Assert.DoesNotContain(s.ToString(), ConsoleText.Status(s)));
}
