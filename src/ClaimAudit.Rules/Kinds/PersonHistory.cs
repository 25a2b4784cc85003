using System.Text.Json.Serialization;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// What one episode contributes to its person's cross-episode rules: dates, institution, region, main diagnosis.
/// </summary>
public sealed record PersonEpisode(
    string FixmedinsCode,
    string MdtrtId,
    string MedType,
    DateTime Begntime,
    DateTime? Endtime,
    string? MainDiagCode,
    bool DeclaresPlannedReadmission,
    string? Admdvs = null)
{
    [JsonIgnore]
    public string Key => EpisodeKey.Of(FixmedinsCode, MdtrtId);
    [JsonIgnore]
    public Setting Setting => Settings.Of(MedType);
    [JsonIgnore]
    public DateOnly AdmissionDate => NationalTime.DateOf(Begntime);
    [JsonIgnore]
    public DateOnly? DischargeDate => Endtime is { } e ? NationalTime.DateOf(e) : null;
    [JsonIgnore]
    public string? Category => MainDiagCode is { Length: >= 3 } code ? code[..3].ToUpperInvariant() : null;

    public static PersonEpisode From(Episode episode, string? admdvs = null) => new(episode.FixmedinsCode, episode.MdtrtId, episode.MedType,
        episode.Begntime, episode.Endtime, episode.MainDiagnosis?.DiagCode, episode.DeclaresPlannedReadmission, admdvs);
}

/// <summary>One line of the person's history, net of refunds, as cross-episode rules read it.</summary>
public sealed record PersonLine(
    string FixmedinsCode,
    string MdtrtId,
    string FeedetlSn,
    string MedListCodg,
    string MedChrgitmType,
    DateTime FeeOcurTime,
    decimal Cnt,
    decimal Pric,
    decimal Amount,
    int? PrdDays,
    string MedType)
{
    [JsonIgnore]
    public string EpisodeKey => Contracts.EpisodeKey.Of(FixmedinsCode, MdtrtId);
    [JsonIgnore]
    public DateOnly Date => NationalTime.DateOf(FeeOcurTime);

    [JsonIgnore]
    public Setting Setting => Settings.Of(MedType);

    public static PersonLine From(string fixmedinsCode, string mdtrtId, string medType, NetLine line) => new(fixmedinsCode, mdtrtId, line.Sn,
        line.Code, line.Line.MedChrgitmType, line.Line.FeeOcurTime, line.Cnt, line.Line.Pric, line.Amount, line.Line.PrdDays, medType);

    public static PersonLine From(Episode episode, NetLine line) => From(episode.FixmedinsCode, episode.MdtrtId, episode.MedType, line);

    /// <summary>Time order, then episode and serial number: "earlier" and "after the first" never depend on arrival.</summary>
    public static readonly IComparer<PersonLine> TimeOrder = Comparer<PersonLine>.Create((a, b) =>
    {
        var c = a.FeeOcurTime.CompareTo(b.FeeOcurTime);
        if (c == 0) c = string.CompareOrdinal(a.EpisodeKey, b.EpisodeKey);
        return c != 0 ? c : string.CompareOrdinal(a.FeedetlSn, b.FeedetlSn);
    });
}

/// <summary>A person's history as the cross-episode rules read it.</summary>
public sealed record PersonHistory(string PsnNo, IReadOnlyList<PersonEpisode> Episodes)
{
    private readonly Dictionary<string, PersonEpisode> _byKey = Episodes.ToDictionary(e => e.Key, StringComparer.Ordinal);

    public PersonEpisode? Find(string episodeKey) => _byKey.GetValueOrDefault(episodeKey);
}

/// <summary>An institution's totals for one period (month of discharge), fed by its episodes at discharge.</summary>
public sealed record PeriodTotals(
    string Period,
    int Episodes,
    int InpatientEpisodes,
    decimal Amount,
    decimal DrugAmount,
    decimal ConsumableAmount,
    decimal SelfPayAmount,
    int StayDays,
    decimal InpatientAmount)
{
    public PeriodTotals Negated() => new PeriodTotals(Period, 0, 0, 0, 0, 0, 0, 0, 0).Plus(this, -1);

    public PeriodTotals Plus(PeriodTotals other, int sign = 1) => this with
    {
        Episodes = Episodes + sign * other.Episodes,
        InpatientEpisodes = InpatientEpisodes + sign * other.InpatientEpisodes,
        Amount = Amount + sign * other.Amount,
        DrugAmount = DrugAmount + sign * other.DrugAmount,
        ConsumableAmount = ConsumableAmount + sign * other.ConsumableAmount,
        SelfPayAmount = SelfPayAmount + sign * other.SelfPayAmount,
        StayDays = StayDays + sign * other.StayDays,
        InpatientAmount = InpatientAmount + sign * other.InpatientAmount,
    };
}
