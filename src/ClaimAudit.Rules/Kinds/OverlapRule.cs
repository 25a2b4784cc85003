using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>episode.overlap</c> (X): an outpatient line dated strictly between an inpatient stay's admission and
/// discharge dates (any institution; a stay not yet discharged is open-ended) — amount: the line's net amount; or
/// two inpatient stays of the person sharing at least one night — on the later stay, amount 0, suspicious.
/// </summary>
public sealed class OverlapRule(RuleDefinition definition) : IPersonRule
{
    public const string Kind = "episode.overlap";
    private static readonly PartitionKey Outpatient = PartitionKey.OfNumber(1);

    public RuleDefinition Definition { get; } = definition;

    public bool JudgesEpisodes => true;

    public void PartitionsOf(PersonLine line, List<PartitionKey> partitions)
    {
        if (line.Setting == Setting.Outpatient)
            partitions.Add(Outpatient);
    }

    public IEnumerable<PersonHit> Check(PersonHistory history, PartitionKey partition, IReadOnlyList<PersonLine> lines)
    {
        var stays = history.Episodes.Where(e => e.Setting == Setting.Inpatient).ToList();
        return partition == Outpatient ? OutpatientLines(stays, lines) : SharedNights(stays);
    }

    private static IEnumerable<PersonHit> OutpatientLines(List<PersonEpisode> stays, IReadOnlyList<PersonLine> lines)
    {
        // The partition is every outpatient line of the person: only those inside a stay are put in time order, and
        // none when the person has no stay (most people), so a visit's batch does not sort the person's whole history.
        if (stays.Count == 0)
            return [];
        List<(PersonLine Line, PersonEpisode Stay)>? inside = null;
        for (var i = 0; i < lines.Count; i++)
            if (lines[i] is { Cnt: > 0 } line && StayAround(stays, line.Date) is { } stay)
                (inside ??= []).Add((line, stay));
        if (inside is null)
            return [];
        // TimeOrder is total on a person's lines (time, serial, episode), so an unstable sort orders them as a stable one would.
        inside.Sort(static (a, b) => PersonLine.TimeOrder.Compare(a.Line, b.Line));
        return inside.Select(static found =>
        {
            var (line, stay) = found;
            var until = stay.DischargeDate is { } end ? NationalTime.Format(end) : "未出院";
            return new PersonHit(line.FixmedinsCode, line.MdtrtId, new Hit([line.FeedetlSn], [line.Amount], [],
                $"门诊费用 {NationalTime.Format(line.Date)} 发生在住院期间（{stay.FixmedinsCode}/{stay.MdtrtId}，{NationalTime.Format(stay.AdmissionDate)} 至 {until}）",
                stay.Key));
        });
    }

    /// <summary>The first stay (in the history's order) whose admission and discharge dates the date lies strictly between.</summary>
    private static PersonEpisode? StayAround(List<PersonEpisode> stays, DateOnly date)
    {
        foreach (var stay in stays)
            if (date > stay.AdmissionDate && (stay.DischargeDate is not { } d || date < d))
                return stay;
        return null;
    }

    private static IEnumerable<PersonHit> SharedNights(List<PersonEpisode> stays)
    {
        var ordered = stays.OrderBy(s => s.Begntime).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var later = ordered[i];
            // Nights of a stay: the dates from admission up to the day before discharge.
            var earlier = ordered.Take(i).FirstOrDefault(e =>
                later.AdmissionDate < (e.DischargeDate ?? DateOnly.MaxValue) && e.AdmissionDate < (later.DischargeDate ?? DateOnly.MaxValue)
                && Nights(e) > 0 && Nights(later) > 0);
            if (earlier is null)
                continue;
            yield return new PersonHit(later.FixmedinsCode, later.MdtrtId, new Hit([], [], [],
                $"住院 {later.MdtrtId}（{NationalTime.Format(later.AdmissionDate)} 入院）与 {earlier.FixmedinsCode}/{earlier.MdtrtId}（{NationalTime.Format(earlier.AdmissionDate)} 至 {(earlier.DischargeDate is { } d ? NationalTime.Format(d) : "未出院")}）住院时间重叠",
                earlier.Key, Severity.Suspicious));
        }
    }

    private static int Nights(PersonEpisode stay) => stay.DischargeDate is { } d ? NationalTime.DaysBetween(stay.AdmissionDate, d) : int.MaxValue;
}
