using ClaimAudit.Cli.Auditing;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Generation;

namespace ClaimAudit.Tools.Tests;

[Collection(EmbeddedClusterCollection.Name)]
public class GroundTruthTests(EmbeddedClusterFixture fixture)
{
    /// <summary>A finding as the ground truth names it: kind, institution, episode, line at fault (or an institution flag's subject).</summary>
    public static HashSet<(string Kind, string Fixmedins, string Mdtrt, string Sn)> Keys(IEnumerable<Finding> findings) => GroundTruthKeys.Of(findings);

    public static HashSet<(string Kind, string Fixmedins, string Mdtrt, string Sn)> Keys(IEnumerable<GroundTruth> truths) =>
        truths.Select(t => (t.RuleKind, t.FixmedinsCode, t.MdtrtId, t.FeedetlSn ?? "")).ToHashSet();

    [Fact]
    public async Task A_generated_province_yields_exactly_its_planted_violations()
    {
        var episodes = new ProvinceGenerator(seed: 11, persons: 60).Generate().ToList();
        var ndjson = string.Join('\n', episodes.Select(e => e.ToJson()));

        var report = await new BatchAuditor(fixture.Cluster.Grains).RunAsync(new StringReader(ndjson), CancellationToken.None);

        Assert.Equal(episodes.Count, report.Episodes);
        Assert.Equal(0, report.RejectedLines);
        Assert.Equal(Keys(episodes.SelectMany(e => e.Truths)), Keys(report.Findings));
    }

    [Fact]
    public async Task The_shipped_sample_yields_its_ground_truth_and_every_kind_built()
    {
        var sample = Path.Combine(BuiltHost.RepositoryRoot, "samples", "episodes.ndjson");
        var truth = File.ReadAllLines(Path.Combine(BuiltHost.RepositoryRoot, "samples", "episodes.truth.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(c => new GroundTruth(c[0], c[1], c[2], c[3].Length == 0 ? null : c[3])).ToList();
        using var reader = File.OpenText(sample);

        // The sample's person keys are unique to seed 7; other tests in this cluster use other seeds.
        var report = await new BatchAuditor(fixture.Cluster.Grains).RunAsync(reader, CancellationToken.None);

        Assert.Equal(Keys(truth), Keys(report.Findings));
        Assert.Equal(AllKinds, report.Findings.Select(f => f.RuleKind).Distinct().Order(StringComparer.Ordinal));
        Assert.InRange(report.Episodes, 200, 1000);
    }

    [Fact]
    public async Task No_line_of_the_sample_is_deducted_more_than_its_net_amount()
    {
        var sample = Path.Combine(BuiltHost.RepositoryRoot, "samples", "episodes.ndjson");
        var netAmounts = new Dictionary<(string, string, string), decimal>();
        foreach (var text in File.ReadLines(sample))
        {
            var (document, _, _) = EpisodeDocument.Read(System.Text.Json.JsonDocument.Parse(text).RootElement);
            foreach (var line in Rules.Engine.NetLines.Fold(document!.Feedetail))
                netAmounts[(document.Episode.FixmedinsCode, document.Episode.MdtrtId, line.Sn)] = line.Amount;
        }
        using var reader = File.OpenText(sample);

        var report = await new BatchAuditor(fixture.Cluster.Grains).RunAsync(reader, CancellationToken.None);

        var deducted = report.Findings.Where(f => f.Deducts)
            .SelectMany(f => f.FeedetlSns.Select((sn, i) => (Key: (f.FixmedinsCode, f.MdtrtId, sn), Amount: f.LineAmounts[i])))
            .GroupBy(x => x.Key, x => x.Amount)
            .ToDictionary(g => g.Key, g => g.Sum());
        var reconciled = deducted.Sum(kv => Math.Min(kv.Value, netAmounts[kv.Key]));
        Assert.Equal(reconciled, report.Deduction);
        Assert.All(deducted, kv => Assert.True(netAmounts[kv.Key] >= 0));
        Assert.True(report.Deduction <= report.Findings.Where(f => f.Deducts).Sum(f => f.Amount));
        Assert.True(report.Deduction > 0);
    }

    public static readonly string[] AllKinds = GroundTruthKeys.AllKinds;

    [Fact]
    public void The_generator_is_deterministic_for_a_seed()
    {
        var once = new ProvinceGenerator(seed: 5, persons: 20).Generate().Select(e => e.ToJson()).ToList();
        var twice = new ProvinceGenerator(seed: 5, persons: 20).Generate().Select(e => e.ToJson()).ToList();

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Limited_items_the_generator_plants_are_limited_in_the_shipped_knowledge()
    {
        var knowledge = fixture.Cluster.Rules.Current.Knowledge;

        Assert.Equal("女", knowledge.Find(Rules.Knowledge.LimitTypes.Sex, Catalogue.FemaleOnlyDrug.Code)!.LimitValue);
        Assert.Equal("男", knowledge.Find(Rules.Knowledge.LimitTypes.Sex, Catalogue.MaleOnlyDrug.Code)!.LimitValue);
        Assert.Equal("儿童", knowledge.Find(Rules.Knowledge.LimitTypes.Age, Catalogue.ChildOnlyDrug.Code)!.LimitValue);
        Assert.Equal("1", knowledge.Find(Rules.Knowledge.LimitTypes.Frequency, Catalogue.InpatientConsultation.Code)!.LimitValue);
        Assert.Equal("住院", knowledge.Find(Rules.Knowledge.LimitTypes.Setting, Catalogue.InpatientDrugs[0].Code)!.LimitValue);
        Assert.Equal("工伤", knowledge.Find(Rules.Knowledge.LimitTypes.Insurance, Catalogue.WorkInjuryDrug.Code)!.LimitValue);
        Assert.Equal("二级", knowledge.Find(Rules.Knowledge.LimitTypes.Level, Catalogue.SecondaryLevelDrug.Code)!.LimitValue);
        Assert.Equal("10天", knowledge.Find(Rules.Knowledge.LimitTypes.Course, Catalogue.TenDayCourseDrug.Code)!.LimitValue);
        Assert.Equal("A15", knowledge.Find(Rules.Knowledge.LimitTypes.Department, Catalogue.PsychiatricNursing.Code)!.LimitValue);
        Assert.StartsWith("S06", knowledge.Find(Rules.Knowledge.LimitTypes.Diagnosis, Catalogue.HeadInjuryDrug.Code)!.LimitValue);
        Assert.Contains(knowledge.ChargePairs, p => p.MainCode == Catalogue.PairMain.Code && p.SecondaryCode == Catalogue.PairSecondary.Code && p.Period == "单日");
    }

    [Fact]
    public void Ordinary_items_the_generator_bills_are_limited_nowhere_but_where_the_catalogue_says()
    {
        var knowledge = fixture.Cluster.Rules.Current.Knowledge;
        var types = new[] { Rules.Knowledge.LimitTypes.Sex, Rules.Knowledge.LimitTypes.Age, Rules.Knowledge.LimitTypes.Insurance,
            Rules.Knowledge.LimitTypes.Level, Rules.Knowledge.LimitTypes.Course, Rules.Knowledge.LimitTypes.Diagnosis, Rules.Knowledge.LimitTypes.Department };

        foreach (var item in new[] { Catalogue.BedFee, Catalogue.InpatientConsultation, Catalogue.NursingLevel2, Catalogue.InpatientDrugs[0],
                     Catalogue.InpatientDrugs[1], Catalogue.ClinicConsultation, Catalogue.LabTest, Catalogue.SelfPayExam })
            Assert.All(types, type => Assert.Null(knowledge.Find(type, item.Code)));
    }
}
