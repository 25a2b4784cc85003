using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Tools.Benchmarking;

namespace ClaimAudit.Cluster.Tests;

/// <summary>
/// A deterministic province for durability tests: persons with two 20-day stays each (the second a readmission
/// within 0–9 days), 100 lines a stay — bed, consultation, nursing, a drug and a lab test every day — and some
/// planted violations, so that the findings compared across runs are many and of several kinds.
/// </summary>
public sealed record Workload(IReadOnlyList<(Episode Episode, string MedinsLv, IReadOnlyList<FeeLine> Lines)> Episodes)
{
    public int LineCount => Episodes.Sum(e => e.Lines.Count);

    public static Workload Create(int episodes)
    {
        var list = new List<(Episode, string, IReadOnlyList<FeeLine>)>();
        for (var i = 0; i < episodes; i++)
        {
            var person = i / 2;
            var first = new DateTime(2026, 1, 1).AddDays(person % 150).AddHours(8);
            var admission = i % 2 == 0 ? first : first.Date.AddDays(20 + person % 10).AddHours(9);
            var mdtrt = $"K{i:D6}";
            var lines = new List<FeeLine>();
            var sn = 0;
            void Bill(string code, string type, decimal pric, DateTime at) =>
                lines.Add(new FeeLine($"{++sn:D4}", at, code, type, 1, pric, pric, ChrgitmLv: "01", BilgDeptCodg: "A03"));
            for (var d = 0; d < 20; d++)
            {
                var date = admission.Date.AddDays(d);
                Bill("001109000010000", "01", 50, date.AddHours(23));
                Bill("001102000050000", "02", 20, date.AddHours(9));
                Bill("001201000040000", "07", 30, date.AddHours(20));
                Bill("XB05BAU005B002010102180", "09", 40, date.AddHours(10));
                Bill("002503100070000", "04", 80, date.AddHours(11).AddMinutes(d));
            }
            if (i % 7 == 0)
                Bill("001102000050000", "02", 20, admission.Date.AddDays(3).AddHours(17)); // a second consultation the same day
            if (i % 11 == 0)
                Bill("ZD03AAA0043010100166", "11", 25, admission.Date.AddDays(5).AddHours(15)); // a women-only drug, the patients are men
            var episode = new Episode($"H{person % 20:D3}", mdtrt, $"PK{person:D6}", "1", new DateOnly(1970, 1, 1).AddDays(person), "310", "21",
                admission, [new Diagnosis("1", "1", "J18.900")], admission.Date.AddDays(20).AddHours(10));
            list.Add((episode, person % 20 < 10 ? "05" : "02", lines));
        }
        return new Workload(list);
    }

    /// <summary>Episode <paramref name="index"/> as a document (admission, lines, discharge) to send.</summary>
    public EpisodeDocument Document(int index) => new(Episodes[index].Episode, Episodes[index].MedinsLv, Episodes[index].Lines);

    /// <summary>Every institution of the workload, with its level, as a hospital or bureau registers it.</summary>
    public async Task RegisterInstitutionsAsync(GatewayClient client)
    {
        foreach (var (code, level) in Episodes.Select(e => (e.Episode.FixmedinsCode, e.MedinsLv)).Distinct())
            await client.RegisterAsync(code, level, CancellationToken.None);
    }

    public string ToNdjson() => string.Join('\n', Episodes.Select(e =>
    {
        var node = JsonSerializer.SerializeToNode(e.Episode, NationalJson.Options)!.AsObject();
        node["medins_lv"] = e.MedinsLv;
        node["feedetail"] = JsonSerializer.SerializeToNode(e.Lines, NationalJson.Options);
        return node.ToJsonString(NationalJson.Options);
    }));

    public static JsonObject Admission(Episode episode) => JsonSerializer.SerializeToNode(episode with { Endtime = null, DscgWay = null }, NationalJson.Options)!.AsObject();

    /// <summary>A generated province (every rule kind planted, cross-episode cases among them) as a workload.</summary>
    public static Workload Province(int seed, int persons) => new(new ClaimAudit.Tools.Generation.ProvinceGenerator(seed, persons).Generate()
        .Select(e => (e.Episode, e.MedinsLv, e.Lines)).ToList());

    public static Workload operator +(Workload a, Workload b) => new([.. a.Episodes, .. b.Episodes]);
}
