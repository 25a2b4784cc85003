using ClaimAudit.Cli.Auditing;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Generation;

namespace ClaimAudit.Tools.Tests;

/// <summary>The province shape: stays of log-normal length, multi-line visits, every level, and still only the planted violations.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public class ProvinceShapeTests(EmbeddedClusterFixture fixture)
{
    [Fact]
    public void Province_stays_have_a_median_near_500_lines_and_a_p99_near_5000()
    {
        var stays = new ProvinceGenerator(seed: 21, persons: 500, ProvinceShape.Province).Generate()
            .Where(e => e.Episode.MedType.StartsWith('2')).Select(e => e.Lines.Count).Order().ToList();

        Assert.True(stays.Count > 500, $"{stays.Count} stays");
        Assert.InRange(stays[stays.Count / 2], 425, 590);
        Assert.InRange(stays[(int)(stays.Count * 0.99)], 3_000, 8_000);
        Assert.True(stays[^1] <= ProvinceShape.MaxInpatientLines);
    }

    [Fact]
    public void Province_visits_carry_5_to_20_lines_and_every_hosp_lv_bills()
    {
        var episodes = new ProvinceGenerator(seed: 4, persons: 300, ProvinceShape.Province).Generate().ToList();

        Assert.All(episodes.Where(e => e.Episode.MedType.StartsWith('1')), e => Assert.InRange(e.Lines.Count, 5, 20));
        var levels = episodes.Select(e => e.MedinsLv).ToHashSet();
        Assert.All(new[] { "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14" }, lv => Assert.Contains(lv, levels));
    }

    [Fact]
    public async Task A_province_shaped_province_yields_exactly_its_planted_violations()
    {
        var episodes = new ProvinceGenerator(seed: 3, persons: 40, ProvinceShape.Province).Generate().ToList();
        var ndjson = string.Join('\n', episodes.Select(e => e.ToJson()));

        // A cluster of its own: institution indicators are per month, and the shared one holds other tests' months.
        await using var cluster = await EmbeddedCluster.StartAsync(null, CancellationToken.None);
        var report = await new BatchAuditor(cluster.Grains, null, 200, 8).RunAsync(new StringReader(ndjson), CancellationToken.None);

        Assert.Equal(0, report.RejectedLines);
        Assert.True(episodes.Sum(e => e.Lines.Count) > 20_000);
        Assert.Equal(GroundTruthTests.Keys(episodes.SelectMany(e => e.Truths)), GroundTruthTests.Keys(report.Findings));
    }

    [Fact]
    public void Filler_items_are_limited_nowhere_and_form_no_duplicate_charge_pair_with_anything_billed()
    {
        var knowledge = fixture.Cluster.Rules.Current.Knowledge;
        string[] types = [LimitTypes.Sex, LimitTypes.Age, LimitTypes.Insurance, LimitTypes.Level, LimitTypes.Course, LimitTypes.Frequency,
            LimitTypes.Cycle, LimitTypes.Department, LimitTypes.PriceCap, LimitTypes.Diagnosis];
        foreach (var item in Catalogue.InpatientFiller.Concat(Catalogue.OutpatientFiller))
        {
            Assert.All(types, type => Assert.Null(knowledge.Find(type, item.Code)));
            // Filler drugs are 住院-only (billed to stays); filler services have no setting limit at all.
            Assert.Equal(item.ChrgitmType == "09" ? "住院" : null, knowledge.Find(LimitTypes.Setting, item.Code)?.LimitValue);
        }
        Assert.DoesNotContain(Catalogue.OutpatientFiller, o => Catalogue.InpatientFiller.Any(i => i.Code == o.Code));

        var billed = typeof(Catalogue).GetFields().Where(f => f.FieldType == typeof(Catalogue.Item)).Select(f => (Catalogue.Item)f.GetValue(null)!)
            .Concat(Catalogue.InpatientDrugs).Concat(Catalogue.InpatientFiller).Concat(Catalogue.OutpatientFiller).Select(i => i.Code).ToHashSet();
        var pairs = knowledge.ChargePairs.Where(p => billed.Contains(p.MainCode) && billed.Contains(p.SecondaryCode)).ToList();
        Assert.Equal([(Catalogue.PairMain.Code, Catalogue.PairSecondary.Code)], pairs.Select(p => (p.MainCode, p.SecondaryCode)).Distinct());
    }
}
