using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Console;
using ClaimAudit.Grains.Episodes;
using ClaimAudit.Grains.Institutions;
using ClaimAudit.Grains.Persons;
using ClaimAudit.Grains.RuleSets;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Review;
using CsCheck;

namespace ClaimAudit.Testing.Storage;

/// <summary>
/// Random values of every grain state type, built the way the code builds them: collections by collection
/// expressions (empty, one element, many — each a different compiler-generated type), findings of every rule kind,
/// severity and status, cross-episode findings, refunds, optional members present and absent.
/// </summary>
public static class StateGenerators
{
    private static readonly Gen<string> Id = Gen.OneOf<string>(
        Gen.String[Gen.Char["0123456789ABCDHMPXZ-_/."], 1, 20],
        Gen.OneOf<string>("H33010000002", "MD0070000008-0001", "张三医院", "\"quoted\" \\ back", "line\nbreak\ttab", "𠀀𠀁 supplementary", "1"));

    private static readonly Gen<string?> OptionalId = Id.Null(0.3);

    private static readonly Gen<string> Text = Gen.OneOf<string>(Id, Gen.String[Gen.Char["abc 中文药品名，。（）:%0123456789"], 0, 60]);

    /// <summary>Local times with every tick: the state must not round them to the national second.</summary>
    public static readonly Gen<DateTime> Time = Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2040, 1, 1).Ticks]
        .Select(ticks => new DateTime(ticks, DateTimeKind.Unspecified));

    /// <summary>Times as the national interface carries them (to the second): what the fee-line log and read model hold.</summary>
    public static readonly Gen<DateTime> NationalTime = Gen.Long[new DateTime(2000, 1, 1).Ticks / TimeSpan.TicksPerSecond, new DateTime(2040, 1, 1).Ticks / TimeSpan.TicksPerSecond]
        .Select(seconds => new DateTime(seconds * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified));

    private static readonly Gen<decimal> Amount = Gen.OneOf<decimal>(
        Gen.Long[-10_000_000, 10_000_000].Select(cents => cents / 100m),
        Gen.Decimal,
        Gen.OneOf<decimal>(0m, 0.00m, 1.50m, -3m, 79228162514264337593543950335m));

    /// <summary>As the code builds a list: <c>[]</c>, <c>[x]</c> or <c>[.. xs]</c>, each of which is its own CLR type.</summary>
    public static IReadOnlyList<T> Built<T>(T[] items) => items.Length switch
    {
        0 => [],
        1 => [items[0]],
        _ => [.. items],
    };

    private static Gen<IReadOnlyList<T>> BuiltList<T>(Gen<T> item, int max = 5) => item.Array[0, max].Select(Built);

    public static readonly Gen<Diagnosis> Diagnosis = Gen.Select(Id, Gen.OneOf<string>("0", "1"), Id, Text.Null(0.5), Time.Nullable(0.5),
        (type, main, code, name, time) => new Diagnosis(type, main, code, name, time));

    public static readonly Gen<Episode> Episode = Gen.Select(
        Gen.Select(Id, Id, Id, Gen.OneOf<string>("1", "2", "9", ""), Gen.DateOnly, Id, Gen.OneOf<string>("11", "21", "140104")),
        Gen.Select(Time, BuiltList(Diagnosis), Time.Nullable(0.5), OptionalId, OptionalId, Gen.OneOf<string?>(null, "0", "1")),
        (a, b) => new Episode(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6));

    public static readonly Gen<InstitutionProfile> Institution = Gen.Select(Id, Text.Null(0.3), Gen.OneOf<string?>(null, "01", "05", "14", "99"), OptionalId,
        (code, name, level, admdvs) => new InstitutionProfile(code, name, level, admdvs));

    public static readonly Gen<Finding> Finding = Gen.Select(
        Gen.Select(Id, Id, Gen.OneOf<string>(RuleKinds.Names.ToArray()), Gen.Enum<Severity>(), Id, Id, Id),
        Gen.Select(BuiltList(Id), BuiltList(Id), Amount, Text, Text, Gen.Enum<FindingStatus>(), Id),
        Gen.Select(BuiltList(Amount), Text.Null(0.5)),
        (a, b, c) => new Finding(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, b.Item7)
        {
            LineAmounts = c.Item1,
            Subject = c.Item2,
        });

    /// <summary>Review events as the findings workflow appends them: any transition, any actor, evidence of any text, times to the tick.</summary>
    public static readonly Gen<FindingEvent> FindingEvent = Gen.Select(
        Gen.Select(Id, Gen.Long[DateTimeOffset.UnixEpoch.UtcTicks, new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks], Text, Gen.OneOf<string>(Roles.All.Append("engine").ToArray())),
        Gen.Select(Gen.Enum<FindingStatus>(), Gen.Enum<FindingStatus>(), Text, BuiltList(Text), Amount),
        Gen.Enum<FeedbackWay>().Nullable(0.5),
        (a, b, feedback) => new FindingEvent(a.Item1, new DateTimeOffset(a.Item2, TimeSpan.Zero), a.Item3, a.Item4, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5)
        {
            Feedback = feedback, // a 3103 feedback event (docs/national.md)
        });

    /// <summary>Fee lines as the log holds them, a share of them refunds (init_feedetl_sn and a negative count).</summary>
    public static readonly Gen<FeeLine> FeeLine = Gen.Select(
        Gen.Select(Id, NationalTime, Id, Gen.OneOf<string>("01", "02", "09", "11"), Amount, Amount, Amount),
        Gen.Select(OptionalId, OptionalId, OptionalId, Gen.OneOf<string?>(null, "01", "02", "03"), OptionalId, OptionalId),
        Gen.Select(Gen.OneOf<string?>(null, "0", "1"), Gen.OneOf<string?>(null, "0", "1"), Gen.Int[0, 90].Nullable(0.5), Text.Null(0.5)),
        (a, b, c) => new FeeLine(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1 is null ? a.Item5 : -Math.Abs(a.Item5), a.Item6, a.Item7,
            b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, c.Item1, c.Item2, c.Item3, c.Item4));

    public static readonly Gen<PeriodTotals> Period = Gen.Select(
        Gen.Select(Gen.OneOf<string>("2026-01", "2026-11", "2027-12"), Gen.Int[-5, 500], Gen.Int[-5, 500], Amount, Amount),
        Gen.Select(Amount, Amount, Gen.Int[-30, 3000], Amount),
        (a, b) => new PeriodTotals(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4));

    public static readonly Gen<PersonEpisode> PersonEpisode = Gen.Select(Id, Id, Gen.OneOf<string>("11", "21", "140104"), Time, Time.Nullable(0.3), OptionalId, Gen.Bool, OptionalId,
        (code, mdtrt, medType, begin, end, diag, planned, admdvs) => new PersonEpisode(code, mdtrt, medType, begin, end, diag, planned, admdvs));

    private static readonly Gen<Dictionary<string, int>> CountsByKind =
        Gen.Select(Gen.OneOf<string>(RuleKinds.Names.ToArray()), Gen.Int[-3, 1000]).Array[0, 6]
            .Select(pairs => pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));

    public static readonly Gen<EpisodeState> EpisodeState = Gen.Select(
        Episode.Null(0.1), Institution.Null(0.2), Finding.Array[0, 6], CountsByKind,
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 20_000], Amount, Amount), Period.Null(0.4),
        (episode, institution, cross, byKind, counters, period) => new EpisodeState
        {
            Episode = episode,
            Institution = institution,
            CrossEpisodeFindings = [.. cross],
            Reported = new ReportedCounters
            {
                Episodes = counters.Item1, Lines = counters.Item2, Amount = counters.Item3, Deduction = counters.Item4,
                FindingsByKind = byKind, Period = period,
            },
        });

    public static readonly Gen<PersonState> PersonState = PersonEpisode.Array[0, 8].Select(episodes => new PersonState { Episodes = [.. episodes] });

    public static readonly Gen<InstitutionState> InstitutionState = Gen.Select(
        Institution.Null(0.2), Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 1_000_000], Amount, Amount), CountsByKind, Period.Array[0, 5],
        (profile, counters, byKind, periods) => new InstitutionState
        {
            Profile = profile, Episodes = counters.Item1, Lines = counters.Item2, Amount = counters.Item3, Deduction = counters.Item4,
            FindingsByKind = byKind, Periods = periods.DistinctBy(p => p.Period).ToDictionary(p => p.Period),
        });

    public static readonly Gen<RulesState> RulesState = Gen.Int[0, int.MaxValue].Select(generation => new RulesState { Generation = generation });

    /// <summary>A key ring as data protection writes it: XML with attributes, base64 secrets, and texts of any kind.</summary>
    public static readonly Gen<ConsoleKeysState> ConsoleKeysState = Gen.Select(Id, Gen.Guid, Text, Gen.Bool)
        .Select((name, id, text, plain) => new ConsoleKeyElement($"key-{id:D}{(plain ? "" : name)}",
            $"<key id=\"{id:D}\" version=\"1\"><creationDate>2026-12-02T00:00:00Z</creationDate><descriptor>{System.Security.SecurityElement.Escape(text)}</descriptor><value>{Convert.ToBase64String(id.ToByteArray())}</value></key>"))
        .List[0, 4].Select(elements => new ConsoleKeysState { Elements = elements });
}
