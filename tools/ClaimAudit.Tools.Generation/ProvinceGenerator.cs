using System.Text.Json;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Tools.Generation;

/// <summary>
/// One planted violation: the rule kind that must find it, where, and the line at fault. Findings without a line
/// at fault (readmission, idle days, overlapping stays …) have none; an institution flag names its
/// <c>period/indicator</c> in <see cref="FeedetlSn"/> and no episode.
/// </summary>
public sealed record GroundTruth(string RuleKind, string FixmedinsCode, string MdtrtId, string? FeedetlSn);

/// <summary>
/// How big the province's episodes are. <see cref="Compact"/> (the sample, the tests): stays of 4–5 lines a day,
/// single-line visits. <see cref="Province"/>: inpatient stays with log-normal line counts (median 500, p99 5,000:
/// σ = ln 10 / 2.326), outpatient visits of 5–20 lines, institutions of every level.
/// </summary>
public sealed record ProvinceShape(string Name, double? InpatientMedianLines, double InpatientSigma, int OutpatientMinLines, int OutpatientMaxLines,
    (string Code, string HospLv)[] Institutions)
{
    public static readonly ProvinceShape Compact = new("compact", null, 0, 1, 1, Catalogue.Institutions);
    public static readonly ProvinceShape Province = new("province", 500, Math.Log(10) / 2.326, 5, 20, Catalogue.ProvinceInstitutions);

    /// <summary>Above p99.9 the stay would outgrow distinct billing minutes; a province's longest stays are capped here.</summary>
    public const int MaxInpatientLines = 12_000;

    public static ProvinceShape Parse(string name) => name switch
    {
        "compact" => Compact,
        "province" => Province,
        _ => throw new ArgumentException($"unknown shape '{name}' (compact or province)"),
    };
}

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
/// codes, a violation of every rule kind planted at known rates, and the ground truth of what was planted.
/// Everything not planted is clean by construction (and checked so by tests), so a correct engine scores recall
/// 1 and precision 1. Hospitals' habits are imitated too: lines arrive out of time order and some are refunded.
/// </summary>
public sealed class ProvinceGenerator(int seed, int persons, ProvinceShape? shape = null)
{
    private readonly ProvinceShape _shape = shape ?? ProvinceShape.Compact;
    private readonly IndicatorTruths _indicators = new();
    private static readonly DateTime Start = new(2026, 1, 5);
    private readonly Random _random = new(seed);
    private int _episodeNo;

    private sealed record PersonFacts(string PsnNo, string Gend, DateOnly Brdy, string Institution, string Level);

    /// <summary>
    /// Every episode in generation order. Institution indicator flags (次均费用 growth and the rest) follow from all
    /// the stays together, so the last document carries them, computed from what was generated.
    /// </summary>
    public IEnumerable<GeneratedEpisode> Generate()
    {
        GeneratedEpisode? previous = null;
        foreach (var episode in Episodes())
        {
            _indicators.Add(episode);
            if (previous is not null)
                yield return previous;
            previous = episode;
        }
        if (previous is not null)
            yield return previous with { Truths = [.. previous.Truths.Concat(_indicators.Flags()).Distinct()] };
    }

    private IEnumerable<GeneratedEpisode> Episodes()
    {
        for (var p = 0; p < persons; p++)
            foreach (var episode in Person(p))
                yield return episode;
        foreach (var episode in ConsumableHeavyMonth())
            yield return episode;
    }

    private IEnumerable<GeneratedEpisode> Person(int index)
    {
        var child = _random.NextDouble() < 0.1;
        var brdy = child ? new DateOnly(2012 + _random.Next(8), 1 + _random.Next(12), 1 + _random.Next(28))
                         : new DateOnly(1945 + _random.Next(55), 1 + _random.Next(12), 1 + _random.Next(28));
        var (institution, level) = _shape.Institutions[_random.Next(_shape.Institutions.Length)];
        var person = new PersonFacts($"P{seed:D3}{index:D6}", _random.Next(2) == 0 ? "1" : "2", brdy, institution, level);
        var diagnosis = Catalogue.Diagnoses[_random.Next(Catalogue.Diagnoses.Length)];
        var admission = Start.AddDays(_random.Next(120)).AddHours(8 + _random.Next(10));

        var first = Stay(person, diagnosis, admission, StayPlant());
        yield return first;
        var discharge = first.Episode.Endtime!.Value;

        var roll = _random.NextDouble();
        if (roll < 0.30)
        {
            // A second stay at the same institution with the same category: 0–15 days later is a readmission
            // (planted), exactly 16 days later or declared planned (days_rinp_flag_31 = 1) is not.
            var gap = _random.Next(4) switch { 0 => 16, _ => _random.Next(16) };
            var declared = gap <= 15 && _random.Next(5) == 0;
            var firstMain = first.Episode.Diseinfo[0];
            var second = Stay(person, (firstMain.DiagCode, firstMain.DiagName!), discharge.Date.AddDays(gap).AddHours(9), Plant.None, declared);
            yield return gap <= 15 && !declared ? second.With(new GroundTruth("episode.readmission", institution, second.Episode.MdtrtId, null)) : second;
        }
        else if (roll < 0.45)
        {
            // Another category a few days later: never a readmission.
            var other = Catalogue.Diagnoses[(Array.IndexOf(Catalogue.Diagnoses, diagnosis) + 1 + _random.Next(Catalogue.Diagnoses.Length - 1)) % Catalogue.Diagnoses.Length];
            yield return Stay(person, other, discharge.Date.AddDays(3 + _random.Next(10)).AddHours(10), Plant.None);
        }
        else if (roll < 0.53)
        {
            // Admitted elsewhere the day before this stay ends: the stays share a night.
            var elsewhere = _shape.Institutions.First(i => i.Code != institution);
            var second = Stay(person with { Institution = elsewhere.Code, Level = elsewhere.HospLv }, diagnosis, discharge.Date.AddDays(-1).AddHours(14), Plant.None);
            yield return second.With(new GroundTruth("episode.overlap", elsewhere.Code, second.Episode.MdtrtId, null));
        }
        else if (roll < 0.61 && first.Episode.Endtime!.Value.Date > first.Episode.Begntime.Date.AddDays(2))
        {
            // An outpatient visit while the stay is open.
            var visit = Visit(person, first.Episode.Begntime.Date.AddDays(2).AddHours(15), [(Catalogue.ClinicConsultation, 1, null)], "J20.900");
            yield return visit.Lines.Aggregate(visit, (v, line) => v.With(new GroundTruth("episode.overlap", institution, visit.Episode.MdtrtId, line.FeedetlSn)));
        }

        // Ordinary diabetes follow-up: HbA1c every 20 days.
        var visits = _random.Next(3);
        for (var v = 0; v < visits; v++)
            yield return Visit(person, Start.AddDays(200 + 20 * v + _random.Next(3)).AddHours(9), [(Catalogue.Hba1c, 1, null)], "E11.900");

        foreach (var episode in PersonPlant(person))
            yield return episode;
    }

    private IEnumerable<GeneratedEpisode> PersonPlant(PersonFacts person)
    {
        var roll = _random.NextDouble();
        if (roll < 0.07)
        {
            // Nine visits in 24 days: the ninth passes 8 within 30 days.
            for (var k = 0; k < 8; k++)
                yield return Visit(person, Start.AddDays(255 + 3 * k).AddHours(10), [(Catalogue.ClinicConsultation, 1, null)], "J20.900");
            var ninth = Visit(person, Start.AddDays(255 + 3 * 8).AddHours(10), [(Catalogue.ClinicConsultation, 1, null)], "J20.900");
            yield return ninth.With(new GroundTruth("visit.frequency", person.Institution, ninth.Episode.MdtrtId, null));
        }
        else if (roll < 0.14)
        {
            // HbA1c twice within 15 days.
            yield return Visit(person, Start.AddDays(290).AddHours(9), [(Catalogue.Hba1c, 1, null)], "E11.900");
            var again = Visit(person, Start.AddDays(300).AddHours(9), [(Catalogue.Hba1c, 1, null)], "E11.900");
            yield return again.With(new GroundTruth("cycle.frequency", person.Institution, again.Episode.MdtrtId, again.Lines[0].FeedetlSn));
        }
        else if (roll < 0.21)
        {
            // 度拉糖肽 for 28 days, again after 14 days (14 days left: overlap), again after 26 more (2 left: within tolerance).
            var at = person.Level is "08" or "09" or "10" or "11" or "14" ? person with { Institution = "H33010000003", Level = "05" } : person;
            yield return Visit(at, Start.AddDays(310).AddHours(9), [(Catalogue.Dulaglutide, 1, 28)], "E11.900", "140104");
            var early = Visit(at, Start.AddDays(324).AddHours(9), [(Catalogue.Dulaglutide, 1, 28)], "E11.900", "140104");
            yield return early.With(new GroundTruth("drug.supply-overlap", at.Institution, early.Episode.MdtrtId, early.Lines[0].FeedetlSn));
            yield return Visit(at, Start.AddDays(350).AddHours(9), [(Catalogue.Dulaglutide, 1, 28)], "E11.900", "140104");
        }
        else if (roll < 0.28)
        {
            // An inpatient-only drug billed to an outpatient.
            var visit = Visit(person, Start.AddDays(230).AddHours(11), [(Catalogue.InpatientDrugs[0], 1, null)], "J18.900");
            yield return visit.With(new GroundTruth("limit.setting", person.Institution, visit.Episode.MdtrtId, visit.Lines[0].FeedetlSn));
        }
    }

    private enum Plant { None, Sex, Age, Quantity, BedDays, Insurance, Level, Department, Diagnosis, Price, Course, Pair, Duplicate, FeeOutside, IdleDays, SelfPay }

    private Plant StayPlant() => _random.NextDouble() < 0.75 ? (Plant)(1 + _random.Next(15)) : Plant.None;

    private GeneratedEpisode Stay(PersonFacts person, (string Code, string Name) diagnosis, DateTime admission, Plant plant, bool declaresPlanned = false)
    {
        var mdtrtId = NextMdtrtId();
        var target = InpatientLines();
        var days = plant switch
        {
            Plant.Course => 12,
            Plant.IdleDays => 7,
            _ => target is { } t ? Math.Clamp((int)Math.Round(t / 70.0), 3, 14) : 3 + _random.Next(6),
        };
        var discharge = admission.Date.AddDays(days).AddHours(10);
        var lines = new List<FeeLine>();
        var truths = new List<GroundTruth>();
        var sn = 0;
        // Each stay bills at its own minute of the hour, so two stays of one person never bill the same minute by chance.
        var minute = _episodeNo % 60;
        FeeLine Bill(Catalogue.Item item, DateTime at, decimal cnt = 1, decimal? pric = null, string dept = Catalogue.InternalMedicine)
        {
            var line = Line(item, at.AddMinutes(minute), cnt, $"{mdtrtId}-{++sn:D4}", pric, dept);
            lines.Add(line);
            return line;
        }
        void Truth(string kind, FeeLine? line = null) => truths.Add(new GroundTruth(kind, person.Institution, mdtrtId, line?.FeedetlSn));
        DateTime SomeDay(int hour) => admission.Date.AddDays(_random.Next(days)).AddHours(hour);

        for (var d = 0; d < days; d++)
        {
            var date = admission.Date.AddDays(d);
            Bill(Catalogue.BedFee, date.AddHours(23), pric: plant == Plant.Price && d == days - 1 ? 95m : null);
            Bill(Catalogue.NursingLevel2, date.AddHours(20));
            if (plant == Plant.IdleDays && d is >= 2 and <= 4)
                continue; // nothing but bed and nursing on three consecutive days
            Bill(Catalogue.InpatientConsultation, date.AddHours(9));
            Bill(Catalogue.InpatientDrugs[_random.Next(Catalogue.InpatientDrugs.Length)], date.AddHours(10));
            if (plant == Plant.Course)
                Bill(Catalogue.TenDayCourseDrug, date.AddHours(11));
        }

        var adult = AgeOn(person.Brdy, admission) >= 18;
        switch (plant)
        {
            case Plant.Sex:
                Truth("limit.sex", Bill(person.Gend == "1" ? Catalogue.FemaleOnlyDrug : Catalogue.MaleOnlyDrug, SomeDay(15), 2));
                break;
            case Plant.Age when adult:
                Truth("limit.age", Bill(Catalogue.ChildOnlyDrug, SomeDay(16)));
                break;
            case Plant.Quantity:
                // A second 住院诊查费 later the same day: the later line passes the once-a-day limit.
                var day = admission.Date.AddDays(_random.Next(days));
                Truth("qty.per-period", Bill(Catalogue.InpatientConsultation, day.AddHours(17)));
                break;
            case Plant.BedDays:
                Truth("stay.bed-days", Bill(Catalogue.BedFee, discharge.Date.AddHours(8)));
                break;
            case Plant.Insurance:
                Truth("limit.insurance", Bill(Catalogue.WorkInjuryDrug, SomeDay(14)));
                break;
            case Plant.Level when person.Level is "08" or "09" or "10" or "11" or "14":
                Truth("limit.level", Bill(Catalogue.SecondaryLevelDrug, SomeDay(13)));
                break;
            case Plant.Department:
                Truth("limit.department", Bill(Catalogue.PsychiatricNursing, SomeDay(21)));
                break;
            case Plant.Diagnosis:
                Truth("limit.diagnosis", Bill(Catalogue.HeadInjuryDrug, SomeDay(12)));
                break;
            case Plant.Price:
                Truth("price.over-cap", lines.Single(l => l.Pric == 95m));
                break;
            case Plant.Course:
                // Billed on 12 dates; the course pays 10: the lines of the 11th and 12th dates are at fault.
                foreach (var line in lines.Where(l => l.MedListCodg == Catalogue.TenDayCourseDrug.Code && l.FeeOcurTime.Date >= admission.Date.AddDays(10)).ToList())
                    Truth("course.days", line);
                break;
            case Plant.Pair:
                var at = SomeDay(8);
                Bill(Catalogue.PairMain, at);
                Truth("charge.pair", Bill(Catalogue.PairSecondary, at.AddMinutes(5)));
                break;
            case Plant.Duplicate:
                var copied = lines.Last(l => l.MedChrgitmType == "09");
                Truth("charge.duplicate-line", Bill(Catalogue.InpatientDrugs.Single(d => d.Code == copied.MedListCodg), copied.FeeOcurTime.AddMinutes(-minute), copied.Cnt));
                break;
            case Plant.FeeOutside:
                Truth("stay.fee-outside", Bill(Catalogue.LabTest, discharge.Date.AddDays(1).AddHours(9)));
                break;
            case Plant.IdleDays:
                Truth("stay.idle-days");
                break;
            case Plant.SelfPay:
                Bill(Catalogue.SelfPayExam, SomeDay(10));
                Truth("episode.self-pay-ratio");
                break;
        }

        if (target is { } wanted)
        {
            // Filler spread over the days (not the idle ones), each item at most twice an hour, never at 23:xx, so
            // no two lines of one code share a minute and nothing spills into the next date.
            var fillDays = Enumerable.Range(0, days).Where(d => plant != Plant.IdleDays || d is < 2 or > 4).ToArray();
            var pool = Catalogue.InpatientFiller;
            var filler = Math.Min(wanted - lines.Count, fillDays.Length * pool.Length * 46);
            for (var j = 0; j < filler; j++)
            {
                var (d, k) = (fillDays[j % fillDays.Length], j / fillDays.Length);
                var slot = k / pool.Length;
                Bill(pool[k % pool.Length], admission.Date.AddDays(d).AddHours(slot % 23).AddMinutes(30 * (slot / 23)));
            }
            // Planted shares must hold against a long stay's total too.
            if (plant == Plant.SelfPay)
                Scale(lines, Catalogue.SelfPayExam.Code, 0.1m);
        }

        Shuffle(lines);
        // Refund one unit of the first day's drug (never the line a duplicate copies, which is the last one).
        if (_random.NextDouble() < 0.3 && plant is not (Plant.Duplicate or Plant.IdleDays))
        {
            var refunded = lines.Where(l => l.MedChrgitmType == "09" && l.FeeOcurTime.Date == admission.Date).OrderBy(l => l.FeedetlSn, StringComparer.Ordinal).First();
            lines.Add(refunded with
            {
                FeedetlSn = $"{mdtrtId}-{++sn:D4}",
                InitFeedetlSn = refunded.FeedetlSn,
                Cnt = -1,
                DetItemFeeSumamt = -refunded.Pric,
                FeeOcurTime = refunded.FeeOcurTime.AddHours(1),
            });
        }

        (string Code, string Name) main = plant == Plant.Course ? ("I63.900", "脑梗死") : diagnosis;
        var episode = new Episode(person.Institution, mdtrtId, person.PsnNo, person.Gend, person.Brdy, "310", "21", admission,
            [new Diagnosis("1", "1", main.Code, main.Name)], discharge, "0306", "1", declaresPlanned ? "1" : null);
        return new GeneratedEpisode(episode, person.Level, lines, truths);
    }

    private GeneratedEpisode Visit(PersonFacts person, DateTime at, (Catalogue.Item Item, decimal Cnt, int? PrdDays)[] items, string diagnosis, string medType = "11")
    {
        var mdtrtId = NextMdtrtId();
        var lines = items.Select((x, i) => Line(x.Item, at.AddMinutes(10 + i), x.Cnt, $"{mdtrtId}-{i + 1:D4}") with { PrdDays = x.PrdDays }).ToList();
        if (_shape.OutpatientMaxLines > 1)
        {
            var total = _random.Next(_shape.OutpatientMinLines, _shape.OutpatientMaxLines + 1);
            var pool = Catalogue.OutpatientFiller;
            for (var i = lines.Count; i < total; i++)
                lines.Add(Line(pool[(i + _episodeNo) % pool.Length], at.AddMinutes(10 + i), 1, $"{mdtrtId}-{i + 1:D4}"));
        }
        var episode = new Episode(person.Institution, mdtrtId, person.PsnNo, person.Gend, person.Brdy, "310", medType, at,
            [new Diagnosis("1", "1", diagnosis)], at.AddHours(1));
        return new GeneratedEpisode(episode, person.Level, lines, []);
    }

    private IEnumerable<GeneratedEpisode> ConsumableHeavyMonth()
    {
        // Six June stays at one 三级 hospital, each with 500 yuan of consumables: its consumable share breaches 30 %.
        var (institution, level) = Catalogue.ConsumableHeavyInstitution;
        for (var k = 0; k < 6; k++)
        {
            var person = new PersonFacts($"P{seed:D3}9{k:D5}", "1", new DateOnly(1970, 3, 1 + k), institution, level);
            // Province stays last up to 14 days: start earlier so all six are discharged in June.
            var day = _shape.InpatientMedianLines is null ? 2 + 4 * k : 1 + 3 * k;
            var stay = Stay(person, Catalogue.Diagnoses[0], new DateTime(2026, 6, day, 9, 0, 0), Plant.None);
            // 500 yuan, or half the stay's total when the stay is long: a third of the month's cost either way.
            var units = _shape.InpatientMedianLines is null ? 1m : Math.Max(1m, Math.Ceiling(stay.Lines.Sum(l => l.DetItemFeeSumamt) * 0.5m / Catalogue.Consumable.Pric));
            var consumable = Line(Catalogue.Consumable, stay.Episode.Begntime.AddHours(3), units, $"{stay.Episode.MdtrtId}-9001");
            stay = stay with { Lines = [.. stay.Lines, consumable] };
            yield return k == 5 ? stay.With(new GroundTruth("inst.indicator", institution, "", "2026-06/consumable_share")) : stay;
        }
    }

    private static FeeLine Line(Catalogue.Item item, DateTime at, decimal cnt, string sn, decimal? pric = null, string dept = Catalogue.InternalMedicine)
    {
        var price = pric ?? item.Pric;
        return new FeeLine(sn, at, item.Code, item.ChrgitmType, cnt, price, cnt * price,
            ChrgitmLv: item.ChrgitmLv, MedinsListCodg: "H-" + item.Code, BilgDeptCodg: dept);
    }

    /// <summary>A stay's line count in the province shape (log-normal); none in the compact shape.</summary>
    private int? InpatientLines()
    {
        if (_shape.InpatientMedianLines is not { } median)
            return null;
        // Box–Muller: the seeded Random stays the only source of chance.
        var z = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return (int)Math.Clamp(Math.Round(median * Math.Exp(_shape.InpatientSigma * z)), 1, ProvinceShape.MaxInpatientLines);
    }

    /// <summary>Sets the units of the line billing <paramref name="code"/> so its amount is at least <paramref name="share"/> of the rest.</summary>
    private static void Scale(List<FeeLine> lines, string code, decimal share)
    {
        var index = lines.FindIndex(l => l.MedListCodg == code);
        var rest = lines.Where((_, i) => i != index).Sum(l => l.DetItemFeeSumamt);
        var units = Math.Max(1m, Math.Ceiling(rest * share / lines[index].Pric));
        lines[index] = lines[index] with { Cnt = units, DetItemFeeSumamt = units * lines[index].Pric };
    }

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

internal static class GeneratedEpisodeExtensions
{
    public static GeneratedEpisode With(this GeneratedEpisode episode, GroundTruth truth) => episode with { Truths = [.. episode.Truths, truth] };
}
