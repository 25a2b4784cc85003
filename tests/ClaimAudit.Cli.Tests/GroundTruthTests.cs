using ClaimAudit.Cli.Auditing;
using ClaimAudit.Cli.Generation;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Cli.Tests;

[Collection(EmbeddedClusterCollection.Name)]
public class GroundTruthTests(EmbeddedClusterFixture fixture)
{
    private static HashSet<(string Kind, string Mdtrt, string Sn)> Keys(IEnumerable<Finding> findings) => findings
        .SelectMany(f => f.FeedetlSns.Count == 0 ? [(f.RuleKind, f.MdtrtId, "")] : f.FeedetlSns.Select(sn => (f.RuleKind, f.MdtrtId, sn)))
        .ToHashSet();

    private static HashSet<(string Kind, string Mdtrt, string Sn)> Keys(IEnumerable<GroundTruth> truths) =>
        truths.Select(t => (t.RuleKind, t.MdtrtId, t.FeedetlSn ?? "")).ToHashSet();

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
        var sample = Path.Combine(Repository.Root, "samples", "episodes.ndjson");
        var truth = File.ReadAllLines(Path.Combine(Repository.Root, "samples", "episodes.truth.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(c => new GroundTruth(c[0], c[1], c[2], c[3].Length == 0 ? null : c[3])).ToList();
        using var reader = File.OpenText(sample);

        // The sample's person keys are unique to seed 7; other tests in this cluster use other seeds.
        var report = await new BatchAuditor(fixture.Cluster.Grains).RunAsync(reader, CancellationToken.None);

        Assert.Equal(Keys(truth), Keys(report.Findings));
        Assert.Equal(
            new[] { "episode.readmission", "limit.age", "limit.sex", "qty.per-period", "stay.bed-days" },
            report.Findings.Select(f => f.RuleKind).Distinct().Order(StringComparer.Ordinal));
        Assert.InRange(report.Episodes, 200, 1000);
    }

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
    }
}
