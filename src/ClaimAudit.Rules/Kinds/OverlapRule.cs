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
        foreach (var line in lines.Where(l => l.Cnt > 0).OrderBy(l => l, PersonLine.TimeOrder))
        {
            var stay = stays.FirstOrDefault(s => line.Date > s.AdmissionDate && (s.DischargeDate is not { } d || line.Date < d));
            if (stay is null)
                continue;
            var until = stay.DischargeDate is { } end ? NationalTime.Format(end) : "未出院";
            yield return new PersonHit(line.FixmedinsCode, line.MdtrtId, new Hit([line.FeedetlSn], [line.Amount], [],
                $"门诊费用 {NationalTime.Format(line.Date)} 发生在住院期间（{stay.FixmedinsCode}/{stay.MdtrtId}，{NationalTime.Format(stay.AdmissionDate)} 至 {until}）",
                stay.Key));
        }
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
