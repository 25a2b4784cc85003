using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.RuleSets;
using ClaimAudit.Tools.Generation;

namespace ClaimAudit.Rules.Tests.RuleSets;

public class CodeRulesTests
{
    private static RuleSet Rules => TestData.ShippedRuleSet;

    [Fact]
    public void A_rule_that_names_its_codes_gives_no_verdict_partition_or_lacking_data_on_a_line_of_another_code()
    {
        var reads = new Dictionary<string, int>();
        var partitions = new List<PartitionKey>();
        foreach (var generated in new ProvinceGenerator(11, 400, ProvinceShape.Parse("compact")).Generate())
        {
            var context = new AuditContext(generated.Episode, new InstitutionProfile(generated.Episode.FixmedinsCode, null, generated.MedinsLv, null));
            var nets = NetLines.Fold(generated.Lines).ToDictionary(n => n.Sn, StringComparer.Ordinal);
            foreach (var rule in Rules.Rules)
            {
                if (rule.Codes is not { } codes)
                    continue;
                foreach (var line in generated.Lines)
                {
                    partitions.Clear();
                    var net = nets.GetValueOrDefault(line.FeedetlSn);
                    if (!line.IsRefund && rule is IEpisodeRule episodeRule)
                        episodeRule.PartitionsOf(context, net, partitions);
                    var read = (!line.IsRefund && rule.LacksData(context, net)) || partitions.Count > 0
                        || (!line.IsRefund && rule is ILineRule lineRule && rule.MissingData(context) is null && lineRule.Check(context, net) is not null);
                    if (!read)
                        continue;
                    Assert.True(codes.Contains(line.MedListCodg), $"{rule.Definition.Kind} read {line.MedListCodg}, which is not among its codes");
                    reads[rule.Definition.Kind] = reads.GetValueOrDefault(rule.Definition.Kind) + 1;
                }
            }
        }

        // Every rule that names codes read some line here, so the statement above was put to each of them.
        var restricted = Rules.Rules.Where(r => r.Codes is not null).Select(r => r.Definition.Kind).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(restricted, reads.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_code_gets_the_rules_that_name_it_and_every_rule_that_names_none()
    {
        var sex = Rules.LineRules.ToList().FindIndex(r => r is SexLimitRule);
        var outside = Rules.LineRules.ToList().FindIndex(r => r is FeeOutsideStayRule);
        var idle = Rules.EpisodeRules.ToList().FindIndex(r => r is IdleDaysRule);
        var course = Rules.EpisodeRules.ToList().FindIndex(r => r is CourseDaysRule);

        var maleOnly = Rules.For(TestData.MaleOnlyDrug);
        var unknown = Rules.For("NOT-A-NATIONAL-CODE");
        var tenDayCourse = Rules.For(TestData.TenDayCourseDrug);

        Assert.True(CodeRules.Has(maleOnly.Line, sex) && CodeRules.Has(maleOnly.Line, outside) && CodeRules.Has(maleOnly.Episode, idle));
        Assert.False(CodeRules.Has(unknown.Line, sex) || CodeRules.Has(unknown.Episode, course));
        Assert.True(CodeRules.Has(unknown.Line, outside) && CodeRules.Has(unknown.Episode, idle));
        Assert.True(CodeRules.Has(tenDayCourse.Episode, course) && !CodeRules.Has(tenDayCourse.Line, sex));
    }

    [Fact]
    public void A_line_gets_by_its_code_number_the_rules_its_code_text_gets_when_first_met_and_after_from_many_threads_at_once()
    {
        // A fresh set, so every code is learnt here; the national codes the set names, and codes it does not.
        var rules = RuleSetLoader.Load(RuleSetLoader.LocateRulesRoot());
        var named = rules.Rules.SelectMany(r => r.Codes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var codes = named.Concat(Enumerable.Range(0, 500).Select(i => $"NOT-NAMED-{i}")).ToList();
        Assert.True(named.Count > 50, $"the shipped set names {named.Count} codes");
        var columns = new LineColumns();
        var lines = codes.Select((code, i) => columns[columns.Add(new FeeLine($"sn{i}", new DateTime(2026, 3, 1), code, "09", 1, 1, 1))]).ToList();
        var expected = codes.Select(rules.For).ToList();
        var differing = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var pass = 0; pass < 3; pass++)
                for (var i = 0; i < lines.Count; i++)
                    if (rules.For(lines[i]) != expected[i])
                        Interlocked.Increment(ref differing);
        });
        Assert.Equal(0, differing);
        // The answers differ from code to code, so a lookup that answered one code's rules for another would be seen.
        Assert.True(expected.Distinct().Count() > 3);
    }
}
