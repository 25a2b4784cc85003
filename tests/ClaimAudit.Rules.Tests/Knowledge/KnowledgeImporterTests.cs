using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Knowledge;

public sealed class KnowledgeImporterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("claimaudit-rules-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_shipped_nhsa_batch_is_recognised_by_its_headers()
    {
        Assert.Equal(20, ShippedKnowledge.Files.Count(f => f.Path.StartsWith("knowledge/nhsa/")));
        Assert.DoesNotContain(ShippedKnowledge.Files, f => f.Layout == "unknown");
        Assert.Equal(6862, ShippedKnowledge.Count(LimitTypes.Sex)); // 6,472 drug codes + 390 services
        Assert.Equal(67, ShippedKnowledge.Count(LimitTypes.Frequency)); // b8-1 rows, without its 合计/备注 lines
        Assert.Equal(900, ShippedKnowledge.ChargePairs.Count);
        Assert.Equal("男", ShippedKnowledge.Find(LimitTypes.Sex, MaleOnlyDrug)!.LimitValue);
    }

    [Fact]
    public void A_new_batch_file_in_the_published_layout_is_a_file_drop()
    {
        WriteRuleSet();
        Write("knowledge/b9-drug-sex.names.csv", "药品通用名,药品说明,限定类型,限定对象\n测试避孕片,限女性。,限定性别对象,女\n");
        Write("knowledge/b9-drug-sex.codes.csv", "药品通用名,序号,药品代码,限定类型\n测试避孕片,1,XG03AAA999A001010100001,限定性别对象\n");

        var rules = RuleSetLoader.Load(_root);

        var point = rules.Knowledge.Find(LimitTypes.Sex, "XG03AAA999A001010100001");
        Assert.NotNull(point);
        Assert.Equal("女", point.LimitValue);
        Assert.Contains("b9-drug-sex.codes.csv:2", point.Source);
    }

    [Fact]
    public void A_table_in_an_unknown_layout_is_refused_with_its_file()
    {
        WriteRuleSet();
        Write("knowledge/mystery.csv", "甲,乙\n1,2\n");

        var error = Assert.Throws<RulesLoadException>(() => RuleSetLoader.Load(_root));

        Assert.Equal("knowledge/mystery.csv", error.File);
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("knowledge/b8-4-service-cycle.csv", "序号,项目名称,频次上限,疗程周期,备注,项目代码\n1,甲,1,7,备注,001\n2,乙,一次,15,备注,002\n", 3, "频次上限")]
    [InlineData("knowledge/b8-4-service-cycle.csv", "序号,项目名称,频次上限,疗程周期,备注,项目代码\n1,甲,1,七天,备注,001\n", 2, "疗程周期")]
    [InlineData("knowledge/price-caps.csv", "项目编码,项目名称,三级限价,二级限价,一级限价,计价单位,依据\n001,甲,80,六十五,50,日,示例\n", 2, "二级")]
    [InlineData("knowledge/b1-service-level.csv", "项目名称,项目说明,国标代码,限定类型,限定值域\n甲,说明,001,限定机构等级,四级\n", 2, "四级")]
    public void A_limit_value_its_rule_cannot_use_is_refused_at_load_with_file_and_line(string file, string content, int line, string named)
    {
        WriteRuleSet();
        Write(file, content);

        var error = Assert.Throws<RulesLoadException>(() => RuleSetLoader.Load(_root));

        Assert.Equal((file, line), (error.File, error.Line));
        Assert.Contains(named, error.Reason);
    }

    [Fact]
    public void Limit_values_are_read_once_into_the_types_their_rules_use()
    {
        var course = ShippedKnowledge.All(LimitTypes.Course).First();
        var cap = ShippedKnowledge.Find(LimitTypes.PriceCap, "001109000010000")!;

        Assert.True(course.Quantity > 0);
        Assert.Equal(80m, cap.Caps[InstitutionLevel.Tertiary]);
        Assert.Equal(50m, cap.Caps[InstitutionLevel.Primary]);
        Assert.All(ShippedKnowledge.All(LimitTypes.Level), p => Assert.True(p.MinimumLevel >= InstitutionLevel.Primary));
        Assert.All(ShippedKnowledge.All(LimitTypes.Diagnosis), p => Assert.NotEmpty(p.Prefixes));
    }

    [Fact]
    public void A_row_missing_its_limit_is_refused_with_file_and_line()
    {
        WriteRuleSet();
        Write("knowledge/b1-service-sex.csv", "项目名称,项目说明,国标代码,限定类型,限定性别\n甲,说明,001,限定性别对象,男\n乙,说明,002,限定性别对象,\n");

        var error = Assert.Throws<RulesLoadException>(() => RuleSetLoader.Load(_root));

        Assert.Equal(("knowledge/b1-service-sex.csv", 3), (error.File, error.Line));
    }

    private void WriteRuleSet() => Write("rulesets/national.yaml", "version: t\nrules:\n  - id: S\n    kind: limit.sex\n    severity: violation\n");

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
