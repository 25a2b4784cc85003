using System.Text.Json.Serialization;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// What one person's episodes contribute to cross-episode rules. Kept small: an inpatient stay is its dates,
/// institution and main diagnosis, not its lines.
/// </summary>
public sealed record PersonEpisode(
    string FixmedinsCode,
    string MdtrtId,
    string MedType,
    DateTime Begntime,
    DateTime? Endtime,
    string? MainDiagCode,
    bool DeclaresPlannedReadmission)
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

    public static PersonEpisode From(Episode episode) => new(episode.FixmedinsCode, episode.MdtrtId, episode.MedType,
        episode.Begntime, episode.Endtime, episode.MainDiagnosis?.DiagCode, episode.DeclaresPlannedReadmission);
}

/// <summary>A person's history as the cross-episode rules read it.</summary>
public sealed record PersonHistory(string PsnNo, IReadOnlyList<PersonEpisode> Episodes);
