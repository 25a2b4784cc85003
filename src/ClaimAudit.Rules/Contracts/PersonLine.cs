using System.Text.Json.Serialization;
using ClaimAudit.Rules.Judging;

namespace ClaimAudit.Rules.Contracts;

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
        line.Code, line.MedChrgitmType, line.FeeOcurTime, line.Cnt, line.Pric, line.Amount, line.PrdDays, medType);

    public static PersonLine From(Episode episode, NetLine line) => From(episode.FixmedinsCode, episode.MdtrtId, episode.MedType, line);

    /// <summary>Time order, then episode and serial number: "earlier" and "after the first" never depend on arrival.</summary>
    public static readonly IComparer<PersonLine> TimeOrder = Comparer<PersonLine>.Create((a, b) =>
    {
        var c = a.FeeOcurTime.CompareTo(b.FeeOcurTime);
        if (c == 0) c = string.CompareOrdinal(a.EpisodeKey, b.EpisodeKey);
        return c != 0 ? c : string.CompareOrdinal(a.FeedetlSn, b.FeedetlSn);
    });
}
