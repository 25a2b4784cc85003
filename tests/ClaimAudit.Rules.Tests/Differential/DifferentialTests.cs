using System.Text.Json;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;
using ClaimAudit.Rules.Tests.Engine;
using ClaimAudit.Tools.Generation;
using Reference = ClaimAudit.Reference;

namespace ClaimAudit.Rules.Tests.Differential;

/// <summary>
/// The live engine against the frozen one (tests/ClaimAudit.Rules.Reference): the same calls, in the same order,
/// must give the same answers to the character — batch outcomes, findings with their ids, messages and amounts,
/// review histories, totals, period totals and coverage — over generated provinces fed in ragged, shuffled,
/// re-sent batches with late registrations, rebuilds and reviews, and over the order-independence property's
/// arrival orders.
/// </summary>
public class DifferentialTests
{
    private static readonly Lazy<(RuleSetCatalog Live, Reference.RuleSets.RuleSetCatalog Frozen)> Catalogs = new(() =>
    {
        var root = RuleSetLoader.LocateRulesRoot();
        return (RuleSetLoader.LoadCatalog(root), Reference.RuleSets.RuleSetLoader.LoadCatalog(root));
    });

    private static readonly string[] Regions = ["330100", "110000", "330106"];

    [Fact]
    public void Generated_provinces_fed_in_any_batching_get_the_reference_engines_answers()
    {
        var kinds = new HashSet<string>();
        foreach (var (seed, persons, shape) in new[] { (1, 600, "compact"), (2, 600, "compact"), (3, 12, "province"), (4, 12, "province") })
        {
            var documents = new ProvinceGenerator(seed, persons, ProvinceShape.Parse(shape)).Generate().ToList();
            kinds.UnionWith(Compare(Events(documents, new Random(seed))));
        }

        // Every kind judged per episode or person fired somewhere (the institution indicators are judged by the institution).
        Assert.Equal(ClaimAudit.Rules.Kinds.RuleKinds.Names.Where(k => k != ClaimAudit.Rules.Kinds.InstitutionIndicatorRule.Kind).Order(StringComparer.Ordinal), kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_order_independence_property_arrivals_get_the_reference_engines_answers()
    {
        for (var seed = 0; seed < 150; seed++)
        {
            var person = OrderIndependenceTests.Scenario.Generate(seed);
            Compare(person.ShuffledEvents(new Random(seed ^ 0x5EED)).Select(Convert));
        }
    }

    [Fact]
    public void Persons_whose_partitions_all_share_one_hash_get_the_reference_engines_answers()
    {
        // A person keeps a partition of a two-line rule by a hash of it until a second line may join: here every
        // partition has the same hash, so every way a hash can mislead is taken.
        for (var seed = 0; seed < 150; seed++)
            Compare(OrderIndependenceTests.Scenario.Generate(seed).ShuffledEvents(new Random(seed ^ 0x5EED)).Select(Convert), _ => 7);
        var documents = new ProvinceGenerator(5, 300, ProvinceShape.Parse("compact")).Generate().ToList();
        Compare(Events(documents, new Random(5)), _ => 7);
    }

    private static EngineEvent Convert(OrderIndependenceTests.Event e) => e switch
    {
        OrderIndependenceTests.Event.Admit a => new EngineEvent.Admit(a.Episode.MdtrtId, Json(a.Episode with { Endtime = null }), Json(OrderIndependenceTests.InstitutionOf(a.Episode))),
        OrderIndependenceTests.Event.Lines l => new EngineEvent.Lines(l.MdtrtId, Json(l.Batch)),
        OrderIndependenceTests.Event.Discharge d => new EngineEvent.Discharge(d.MdtrtId, Json(d.Info)),
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    /// <summary>Plays the events on both engines; answers the kinds that fired. Fails at the first call whose answers differ.</summary>
    private static HashSet<string> Compare(IEnumerable<EngineEvent> events, Func<(IPersonRule Rule, PartitionKey Key), ulong>? personPartitionHash = null)
    {
        var clock = new FixedClock();
        var (live, frozen) = Catalogs.Value;
        var engines = (Live: new LiveEngine(live, clock, personPartitionHash), Frozen: new ReferenceEngine(frozen, clock));
        var step = 0;
        foreach (var e in events)
        {
            Same($"call {step++} ({e.GetType().Name} {Describe(e)})", engines.Frozen.Apply(e), engines.Live.Apply(e));
        }
        var final = engines.Live.Final();
        Same("final state", engines.Frozen.Final(), final);
        return final.Where(l => l.Contains(" findings ", StringComparison.Ordinal))
            .SelectMany(l => JsonDocument.Parse(l[(l.IndexOf(" findings ", StringComparison.Ordinal) + 10)..]).RootElement.EnumerateArray())
            .Select(f => f.GetProperty("rule_kind").GetString()!).ToHashSet();
    }

    private static string Describe(EngineEvent e) => e switch
    {
        EngineEvent.Admit a => a.Key,
        EngineEvent.Lines l => l.Key,
        EngineEvent.Discharge d => d.Key,
        EngineEvent.Reactivate r => r.Key,
        EngineEvent.Review r => $"{r.Key} {r.Action}",
        EngineEvent.Register r => r.InstitutionJson,
        _ => "",
    };

    private static void Same(string what, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var (x, y) = (expected.ElementAtOrDefault(i) ?? "(nothing)", actual.ElementAtOrDefault(i) ?? "(nothing)");
            if (x == y)
                continue;
            var at = 0;
            while (at < Math.Min(x.Length, y.Length) && x[at] == y[at])
                at++;
            var from = Math.Max(0, at - 200);
            Assert.Fail($"{what}, answer {i} differs at character {at}:\nreference …{x[from..Math.Min(x.Length, at + 300)]}\nlive      …{y[from..Math.Min(y.Length, at + 300)]}");
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, NationalJson.Options);

    /// <summary>
    /// Each episode's admission, its lines in batches of 1–80 (shuffled for half of the episodes, some batches sent
    /// twice, a few re-sent with other content), the discharge at the end or before the last batches; a fifth of the
    /// institutions registered only after their first admission; some episodes rebuilt; some findings reviewed. The
    /// episodes of nearby persons interleave, so a person's earlier stay may arrive after a later one.
    /// </summary>
    private static IEnumerable<EngineEvent> Events(IReadOnlyList<GeneratedEpisode> documents, Random random)
    {
        var registered = new HashSet<string>(StringComparer.Ordinal);
        var late = new Dictionary<string, string>(StringComparer.Ordinal);
        var streams = new List<Queue<EngineEvent>>();
        foreach (var document in documents)
        {
            var episode = document.Episode;
            var key = EpisodeKey.Of(episode.FixmedinsCode, episode.MdtrtId);
            var institution = Json(new InstitutionProfile(episode.FixmedinsCode, null, document.MedinsLv,
                Regions[(int)((uint)episode.FixmedinsCode.GetHashCode(StringComparison.Ordinal) % (uint)Regions.Length)]));
            string? known = null;
            if (registered.Add(episode.FixmedinsCode))
            {
                if (random.Next(5) == 0)
                    late[episode.FixmedinsCode] = institution;
                else
                    known = institution;
            }
            var stream = new List<EngineEvent> { new EngineEvent.Admit(key, Json(episode with { Endtime = null, DscgWay = null }), known) };
            var lines = random.Next(2) == 0 ? document.Lines.OrderBy(_ => random.Next()).ToList() : document.Lines.ToList();
            var batches = new List<EngineEvent>();
            for (var i = 0; i < lines.Count;)
            {
                var size = 1 + random.Next(80);
                var batch = lines.Skip(i).Take(size).ToList();
                batches.Add(new EngineEvent.Lines(key, Json(batch)));
                if (random.Next(10) == 0)
                    batches.Add(new EngineEvent.Lines(key, Json(batch)));
                if (random.Next(50) == 0)
                    batches.Add(new EngineEvent.Lines(key, Json(batch.Select(l => l with { Cnt = l.Cnt + 1 }).ToList())));
                i += size;
            }
            if (episode.Endtime is { } end)
                batches.Insert(random.Next(5) == 0 ? Math.Max(0, batches.Count - 1 - random.Next(2)) : batches.Count,
                    new EngineEvent.Discharge(key, Json(new DischargeInfo(end, episode.Diseinfo, episode.DscgWay))));
            if (random.Next(10) == 0)
                batches.Insert(random.Next(batches.Count + 1), new EngineEvent.Reactivate(key));
            for (var r = random.Next(3); r > 0; r--)
                batches.Add(new EngineEvent.Review(key, random.Next(10), random.Next(3) switch { 0 => "Confirm", 1 => "Dismiss", _ => "Appeal" }));
            stream.AddRange(batches);
            streams.Add(new Queue<EngineEvent>(stream));
        }

        // A window of a few episodes in flight at once, interleaved at random; late registrations somewhere among them.
        var open = new List<Queue<EngineEvent>>();
        var next = 0;
        while (next < streams.Count || open.Count > 0)
        {
            while (open.Count < 6 && next < streams.Count)
                open.Add(streams[next++]);
            var pick = open[random.Next(open.Count)];
            yield return pick.Dequeue();
            if (pick.Count == 0)
                open.Remove(pick);
            if (late.Count > 0 && random.Next(40) == 0)
            {
                var code = late.Keys.First();
                yield return new EngineEvent.Register(late[code]);
                late.Remove(code);
            }
        }
        foreach (var institution in late.Values)
            yield return new EngineEvent.Register(institution);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    }
}
