using System.Text.Json.Serialization;
using ClaimAudit.Reference.Judging;

namespace ClaimAudit.Reference.Contracts;

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
