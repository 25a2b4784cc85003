using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Cli.Generation;

/// <summary>One planted violation: the rule kind that must find it, the episode, and the line at fault (if any).</summary>
public sealed record GroundTruth(string RuleKind, string FixmedinsCode, string MdtrtId, string? FeedetlSn);

/// <summary>A generated episode document and the violations planted in it.</summary>
public sealed record GeneratedEpisode(Episode Episode, string MedinsLv, IReadOnlyList<FeeLine> Lines, IReadOnlyList<GroundTruth> Truths)
{
    public string ToJson()
    {
        var node = JsonSerializer.SerializeToNode(Episode, NationalJson.Options)!.AsObject();
        node["medins_lv"] = MedinsLv;
        node["feedetail"] = JsonSerializer.SerializeToNode(Lines, NationalJson.Options);
        return node.ToJsonString(NationalJson.Options);
    }
}

/// <summary>
/// A seeded synthetic province: persons with inpatient stays and outpatient visits billed with real national
/// codes, violations planted at known rates, and the ground truth of what was planted. Everything not planted is
/// clean by construction (and checked so by tests), so a correct engine scores recall 1 and precision 1.
/// </summary>
public sealed class ProvinceGenerator(int seed, int persons)
{
    private static readonly DateTime Start = new(2026, 1, 5);
    private readonly Random _random = new(seed);
    private int _episodeNo;

    public IEnumerable<GeneratedEpisode> Generate()
    {
        for (var p = 0; p < persons; p++)
            foreach (var episode in Person($"P{seed:D3}{p:D6}"))
                yield return episode;
    }

    private IEnumerable<GeneratedEpisode> Person(string psnNo)
    {
        var child = _random.NextDouble() < 0.1;
        var brdy = child ? new DateOnly(2012 + _random.Next(8), 1 + _random.Next(12), 1 + _random.Next(28))
                         : new DateOnly(1945 + _random.Next(55), 1 + _random.Next(12), 1 + _random.Next(28));
        var gend = _random.Next(2) == 0 ? "1" : "2";
        var (institution, level) = Catalogue.Institutions[_random.Next(Catalogue.Institutions.Length)];
        var diagnosis = Catalogue.Diagnoses[_random.Next(Catalogue.Diagnoses.Length)];
        var admission = Start.AddDays(_random.Next(120)).AddHours(8 + _random.Next(10));

        var first = Stay(psnNo, gend, brdy, institution, level, diagnosis, admission, planted: true);
        yield return first;

        var roll = _random.NextDouble();
        if (roll < 0.35)
        {
            // A second stay at the same institution with the same category: 0–15 days later is a readmission
            // (planted), exactly 16 days later or declared planned (days_rinp_flag_31 = 1) is not.
            var gap = _random.Next(4) switch { 0 => 16, _ => _random.Next(16) };
            var declared = gap <= 15 && _random.Next(5) == 0;
            var second = Stay(psnNo, gend, brdy, institution, level, diagnosis,
                first.Episode.Endtime!.Value.Date.AddDays(gap).AddHours(9), planted: false, declaresPlanned: declared);
            yield return gap <= 15 && !declared
                ? second with { Truths = [.. second.Truths, new GroundTruth("episode.readmission", institution, second.Episode.MdtrtId, null)] }
                : second;
        }
        else if (roll < 0.55)
        {
            // Later stays for another category, or long after: never a readmission.
            var other = Catalogue.Diagnoses[(Array.IndexOf(Catalogue.Diagnoses, diagnosis) + 1 + _random.Next(Catalogue.Diagnoses.Length - 1)) % Catalogue.Diagnoses.Length];
            yield return Stay(psnNo, gend, brdy, institution, level, other, first.Episode.Endtime!.Value.Date.AddDays(3 + _random.Next(10)).AddHours(10), planted: false);
        }

        var visits = _random.Next(3);
        for (var v = 0; v < visits; v++)
            yield return Visit(psnNo, gend, brdy, institution, level, Start.AddDays(200 + 20 * v + _random.Next(3)).AddHours(9));
    }

    private GeneratedEpisode Stay(string psnNo, string gend, DateOnly brdy, string institution, string level,
        (string Code, string Name) diagnosis, DateTime admission, bool planted, bool declaresPlanned = false)
    {
        var mdtrtId = NextMdtrtId();
        var days = 2 + _random.Next(10);
        var discharge = admission.Date.AddDays(days).AddHours(10);
        var lines = new List<FeeLine>();
        var truths = new List<GroundTruth>();
        var sn = 0;
        FeeLine Bill(Catalogue.Item item, DateTime at, decimal cnt = 1) =>
            Line(item, at, cnt, $"{mdtrtId}-{++sn:D4}");

        for (var d = 0; d < days; d++)
        {
            var date = admission.Date.AddDays(d);
            lines.Add(Bill(Catalogue.BedFee, date.AddHours(23)));
            lines.Add(Bill(Catalogue.InpatientConsultation, date.AddHours(9)));
            lines.Add(Bill(Catalogue.NursingLevel2, date.AddHours(20)));
            lines.Add(Bill(Catalogue.InpatientDrugs[_random.Next(Catalogue.InpatientDrugs.Length)], date.AddHours(10), 1 + _random.Next(2)));
        }

        if (planted)
        {
            var adult = AgeOn(brdy, admission) >= 18;
            if (_random.NextDouble() < 0.15)
            {
                var wrongSex = gend == "1" ? Catalogue.FemaleOnlyDrug : Catalogue.MaleOnlyDrug;
                var line = Bill(wrongSex, admission.Date.AddDays(_random.Next(days)).AddHours(15), 2);
                lines.Add(line);
                truths.Add(new GroundTruth("limit.sex", institution, mdtrtId, line.FeedetlSn));
            }
            if (adult && _random.NextDouble() < 0.15)
            {
                var line = Bill(Catalogue.ChildOnlyDrug, admission.Date.AddDays(_random.Next(days)).AddHours(16));
                lines.Add(line);
                truths.Add(new GroundTruth("limit.age", institution, mdtrtId, line.FeedetlSn));
            }
            if (_random.NextDouble() < 0.15)
            {
                // A second 住院诊查费 later the same day: the later line passes the once-a-day limit.
                var line = Bill(Catalogue.InpatientConsultation, admission.Date.AddDays(_random.Next(days)).AddHours(17));
                lines.Add(line);
                truths.Add(new GroundTruth("qty.per-period", institution, mdtrtId, line.FeedetlSn));
            }
            if (_random.NextDouble() < 0.15)
            {
                // A bed fee on the discharge date: one bed day more than the stay has.
                var line = Bill(Catalogue.BedFee, discharge.Date.AddHours(8));
                lines.Add(line);
                truths.Add(new GroundTruth("stay.bed-days", institution, mdtrtId, line.FeedetlSn));
            }
        }

        // Hospitals send lines out of time order and refund some; neither may change a verdict.
        Shuffle(lines);
        if (lines.Count > 4 && _random.NextDouble() < 0.3)
        {
            var refunded = lines.First(l => l.MedChrgitmType == "09");
            lines.Add(refunded with
            {
                FeedetlSn = $"{mdtrtId}-{++sn:D4}",
                InitFeedetlSn = refunded.FeedetlSn,
                Cnt = -1,
                DetItemFeeSumamt = -refunded.Pric,
                FeeOcurTime = refunded.FeeOcurTime.AddHours(1),
            });
        }

        var episode = new Episode(institution, mdtrtId, psnNo, gend, brdy, "310", "21", admission,
            [new Diagnosis("1", "1", diagnosis.Code, diagnosis.Name)], discharge, "0306", "1", declaresPlanned ? "1" : null);
        return new GeneratedEpisode(episode, level, lines, truths);
    }

    private GeneratedEpisode Visit(string psnNo, string gend, DateOnly brdy, string institution, string level, DateTime at)
    {
        var mdtrtId = NextMdtrtId();
        var lines = new List<FeeLine> { Line(Catalogue.Hba1c, at.AddMinutes(30), 1, $"{mdtrtId}-0001") };
        var episode = new Episode(institution, mdtrtId, psnNo, gend, brdy, "310", "11", at,
            [new Diagnosis("1", "1", "E11.900", "2型糖尿病")], at.AddHours(1));
        return new GeneratedEpisode(episode, level, lines, []);
    }

    private static FeeLine Line(Catalogue.Item item, DateTime at, decimal cnt, string sn) =>
        new(sn, at, item.Code, item.ChrgitmType, cnt, item.Pric, cnt * item.Pric, ChrgitmLv: item.ChrgitmLv, MedinsListCodg: "H-" + item.Code);

    private string NextMdtrtId() => $"MD{seed:D3}{++_episodeNo:D7}";

    private static int AgeOn(DateOnly brdy, DateTime at) => Rules.Kinds.AgeLimitRule.YearsOld(brdy, DateOnly.FromDateTime(at));

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
