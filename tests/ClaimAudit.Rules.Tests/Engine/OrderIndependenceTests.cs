using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using CsCheck;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Engine;

/// <summary>
/// docs/rules.md: the final findings of an episode do not depend on the order or batching in which its lines — or
/// the person's episodes — arrived, re-sends and refunds included. Each sample is one generated person with
/// several episodes, replayed in a random arrival order against the same engine calls the grains make.
/// </summary>
public class OrderIndependenceTests
{
    private static readonly InstitutionProfile Secondary = new("H1", "二级医院", "05", null);
    private static readonly InstitutionProfile Primary = new("H2", "一级医院", "08", null);

    [Fact]
    public void Any_arrival_order_and_batching_gives_the_same_final_findings_and_amounts()
    {
        var persons = 0;
        Gen.Int.Sample(seed =>
        {
            var person = Scenario.Generate(seed);
            var expected = Replay(person, person.CanonicalEvents());
            var actual = Replay(person, person.ShuffledEvents(new Random(seed ^ 0x5EED)));
            Assert.Equal(expected, actual);
            persons++;
        }, iter: 250);

        Assert.True(persons >= 200);
    }

    [Fact]
    public void The_generated_persons_exercise_cross_episode_kinds()
    {
        var kinds = new HashSet<string>();
        for (var seed = 0; seed < 250; seed++)
        {
            var person = Scenario.Generate(seed);
            foreach (var findings in Replay(person, person.CanonicalEvents()).Values)
                kinds.UnionWith(findings.Select(f => f.Kind));
        }

        Assert.Superset(new HashSet<string> { "episode.readmission", "episode.overlap", "drug.supply-overlap", "cycle.frequency",
            "charge.duplicate-line", "qty.per-period", "limit.sex", "stay.bed-days", "stay.fee-outside", "charge.pair" }, kinds);
    }

    internal static InstitutionProfile InstitutionOf(Episode episode) => episode.FixmedinsCode == "H1" ? Secondary : Primary;

    private static Dictionary<string, List<(string Id, string Kind, decimal Amount, string Lines)>> Replay(Scenario person, IEnumerable<Event> events)
    {
        var rules = ShippedRuleSet;
        var crossEpisode = new PersonAudit(_ => rules, person.PsnNo);
        var audits = new Dictionary<string, EpisodeAudit>();
        foreach (var e in events)
        {
            switch (e)
            {
                case Event.Admit admit:
                    var audit = audits[admit.Episode.MdtrtId] = new EpisodeAudit(rules, admit.Episode with { Endtime = null }, InstitutionOf(admit.Episode));
                    crossEpisode.Update(PersonEpisode.From(audit.Episode), audit.AllPersonLines());
                    break;
                case Event.Lines lines:
                    var outcome = audits[lines.MdtrtId].Add(lines.Batch);
                    crossEpisode.Update(PersonEpisode.From(audits[lines.MdtrtId].Episode), outcome.PersonLines);
                    break;
                case Event.Discharge discharge:
                    audits[discharge.MdtrtId].Discharge(discharge.Info);
                    crossEpisode.Update(PersonEpisode.From(audits[discharge.MdtrtId].Episode), []);
                    break;
            }
        }
        return audits.ToDictionary(a => a.Key, a =>
        {
            a.Value.SetCrossEpisodeFindings(crossEpisode.FindingsFor(a.Value.Episode.FixmedinsCode, a.Key));
            var deduction = a.Value.Totals();
            return a.Value.Findings
                .Select(f => (f.FindingId, f.RuleKind, f.Amount, string.Join(",", f.FeedetlSns) + "|" + string.Join(",", f.RelatedSns)))
                .Append(("totals", "totals", deduction.Deduction + deduction.Amount * 1000, $"{deduction.LineCount}/{deduction.RefundCount}"))
                .OrderBy(f => f.Item1, StringComparer.Ordinal)
                .ToList();
        });
    }

    internal abstract record Event
    {
        public sealed record Admit(Episode Episode) : Event;
        public sealed record Lines(string MdtrtId, FeeLine[] Batch) : Event;
        public sealed record Discharge(string MdtrtId, DischargeInfo Info) : Event;
    }

    /// <summary>One person: a few stays and visits at two institutions close in time, billed with items that trip many rules.</summary>
    internal sealed record Scenario(string PsnNo, List<(Episode Episode, List<FeeLine> Lines)> Episodes)
    {
        private static readonly string[] Categories = ["J18.900", "J18.000", "K35.800", "Z51.100"];

        public static Scenario Generate(int seed)
        {
            var random = new Random(seed);
            var psnNo = $"P{seed}";
            var gend = random.Next(2) == 0 ? "1" : "2";
            var episodes = new List<(Episode, List<FeeLine>)>();
            var count = 2 + random.Next(3);
            for (var e = 0; e < count; e++)
            {
                var mdtrt = $"M{e}";
                var fixmedins = random.Next(3) == 0 ? "H2" : "H1";
                var begin = new DateTime(2026, 3, 1).AddDays(random.Next(30)).AddHours(8 + random.Next(8));
                var inpatient = random.Next(3) != 0;
                var days = inpatient ? 1 + random.Next(6) : 0;
                var end = inpatient ? begin.Date.AddDays(days).AddHours(10) : begin.AddHours(1);
                var lines = new List<FeeLine>();
                var sn = 0;
                void Bill(string code, DateTime at, string type, decimal cnt = 1, decimal pric = 20, int? prd = null) =>
                    lines.Add(Line($"{mdtrt}-{++sn}", code, at.ToString("yyyy-MM-dd HH:mm:ss"), cnt, pric, type) with { PrdDays = prd, BilgDeptCodg = "A03" });
                DateTime Any() => inpatient ? begin.Date.AddDays(random.Next(days + 1)).AddHours(7 + random.Next(14)) : begin.AddMinutes(random.Next(50));

                if (inpatient)
                    for (var d = 0; d < days; d++)
                    {
                        Bill(BedFee, begin.Date.AddDays(d).AddHours(23), "01", pric: random.Next(8) == 0 ? 95 : 50);
                        Bill(InpatientConsultation, begin.Date.AddDays(d).AddHours(9), "02");
                        if (random.Next(4) != 0)
                            Bill(NursingLevel2, begin.Date.AddDays(d).AddHours(20), "07", pric: 30);
                    }
                else
                    Bill("001102000010000", begin.AddMinutes(5), "02", pric: 15);
                for (var extra = random.Next(6); extra > 0; extra--)
                {
                    switch (random.Next(11))
                    {
                        case 0: Bill(gend == "1" ? FemaleOnlyDrug : MaleOnlyDrug, Any(), "09", 2); break;
                        case 1: Bill(Hba1c, Any(), "04", pric: 60); break;
                        case 2: Bill("XA10BJD332B002010178403", Any(), "09", pric: 180, prd: 7 + random.Next(25)); break;
                        case 3: Bill(InpatientConsultation, Any(), "02"); break;
                        case 4: Bill(PairMain, Any(), "04", pric: 30); Bill(PairSecondary, Any(), "04"); break;
                        case 5: if (lines.Count > 0) { var copy = lines[random.Next(lines.Count)]; lines.Add(copy with { FeedetlSn = $"{mdtrt}-{++sn}" }); } break;
                        case 6: Bill("002503100070000", end.Date.AddDays(1).AddHours(9), "04", pric: 80); break;
                        case 7: Bill(HeadInjuryDrug, Any(), "09", pric: 25); break;
                        case 8: Bill(SecondaryLevelDrug, Any(), "11", pric: 60); break;
                        case 9: Bill(PsychiatricNursing, Any(), "07", pric: 35); break;
                        default: Bill(InpatientOnlyDrug, Any(), "09", pric: 40); break;
                    }
                }
                // Refunds: some lines refunded in part or in full, the refund dated after the line.
                foreach (var refunded in lines.Where(l => l.Cnt > 0 && random.Next(6) == 0).ToList())
                {
                    var units = random.Next(2) == 0 ? -refunded.Cnt : -1;
                    lines.Add(refunded with { FeedetlSn = $"{mdtrt}-{++sn}", InitFeedetlSn = refunded.FeedetlSn, Cnt = units, DetItemFeeSumamt = units * refunded.Pric, FeeOcurTime = refunded.FeeOcurTime.AddHours(2) });
                }
                var diag = Categories[random.Next(Categories.Length)];
                var episode = new Episode(fixmedins, mdtrt, psnNo, gend, new DateOnly(1975, 6, 1), "310", inpatient ? "21" : "11", begin,
                    [new Diagnosis("1", "1", diag)], end, DaysRinpFlag31: random.Next(8) == 0 ? "1" : null);
                episodes.Add((episode, lines));
            }
            return new Scenario(psnNo, episodes);
        }

        /// <summary>Every other episode's final diagnoses add 脑震荡 (S06.000), which satisfies the head-injury drug's limit the admission's diagnosis did not.</summary>
        private static DischargeInfo DischargeOf(Episode episode) => new(episode.Endtime!.Value,
            episode.MdtrtId[^1] % 2 == 0 ? [.. episode.Diseinfo, new Diagnosis("1", "0", "S06.000")] : episode.Diseinfo, "1");

        public IEnumerable<Event> CanonicalEvents()
        {
            foreach (var (episode, lines) in Episodes)
            {
                yield return new Event.Admit(episode);
                yield return new Event.Lines(episode.MdtrtId, [.. lines]);
                yield return new Event.Discharge(episode.MdtrtId, DischargeOf(episode));
            }
        }

        /// <summary>Episodes interleaved in any order, lines split into random batches, some batches sent twice, the discharge anywhere after admission.</summary>
        public IEnumerable<Event> ShuffledEvents(Random random)
        {
            var streams = Episodes.Select(x =>
            {
                var (episode, lines) = x;
                var shuffled = lines.OrderBy(_ => random.Next()).ToList();
                var events = new List<Event>();
                for (var i = 0; i < shuffled.Count;)
                {
                    var size = 1 + random.Next(4);
                    var batch = shuffled.Skip(i).Take(size).ToArray();
                    events.Add(new Event.Lines(episode.MdtrtId, batch));
                    if (random.Next(4) == 0)
                        events.Add(new Event.Lines(episode.MdtrtId, batch)); // a re-send
                    i += size;
                }
                events.Insert(random.Next(events.Count + 1), new Event.Discharge(episode.MdtrtId, DischargeOf(episode)));
                events.Insert(0, new Event.Admit(episode));
                return new Queue<Event>(events);
            }).ToList();
            while (streams.Any(s => s.Count > 0))
            {
                var open = streams.Where(s => s.Count > 0).ToList();
                yield return open[random.Next(open.Count)].Dequeue();
            }
        }
    }
}
