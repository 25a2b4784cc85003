using System.Text.Json.Serialization;

namespace ClaimAudit.Rules.Contracts;

/// <summary>
/// A patient episode (就诊) as admitted (2401) and, once discharged (2402), with <see cref="Endtime"/>.
/// Field names are the national interface's.
/// </summary>
public sealed record Episode(
    string FixmedinsCode,
    string MdtrtId,
    string PsnNo,
    string Gend,
    DateOnly Brdy,
    string Insutype,
    string MedType,
    DateTime Begntime,
    IReadOnlyList<Diagnosis> Diseinfo,
    DateTime? Endtime = null,
    string? AdmDeptCodg = null,
    string? DscgWay = null,
    [property: JsonPropertyName("days_rinp_flag_31")] string? DaysRinpFlag31 = null)
{
    [JsonIgnore]
    public string Key => EpisodeKey.Of(FixmedinsCode, MdtrtId);

    // A record compares its list by reference, so the same 2401 sent twice (each read afresh) would never be equal and a
    // re-send would be taken for a change: the diagnoses compare by value.
    public bool Equals(Episode? other) =>
        other is not null &&
        (FixmedinsCode, MdtrtId, PsnNo, Gend, Brdy, Insutype, MedType, Begntime, Endtime, AdmDeptCodg, DscgWay, DaysRinpFlag31) ==
        (other.FixmedinsCode, other.MdtrtId, other.PsnNo, other.Gend, other.Brdy, other.Insutype, other.MedType, other.Begntime, other.Endtime, other.AdmDeptCodg, other.DscgWay, other.DaysRinpFlag31) &&
        Diseinfo.SequenceEqual(other.Diseinfo);

    public override int GetHashCode() => HashCode.Combine(FixmedinsCode, MdtrtId, Begntime, Endtime, Diseinfo.Count);

    [JsonIgnore]
    public Setting Setting => Settings.Of(MedType);

    [JsonIgnore]
    public bool IsDischarged => Endtime is not null;

    [JsonIgnore]
    public DateOnly AdmissionDate => NationalTime.DateOf(Begntime);

    [JsonIgnore]
    public DateOnly? DischargeDate => Endtime is { } end ? NationalTime.DateOf(end) : null;

    [JsonIgnore]
    public Diagnosis? MainDiagnosis => Diseinfo.FirstOrDefault(d => d.IsMain) ?? (Diseinfo.Count > 0 ? Diseinfo[0] : null);

    [JsonIgnore]
    public Sex Sex => Gend switch { "1" => Sex.Male, "2" => Sex.Female, _ => Sex.Unknown };

    /// <summary>The hospital declared a planned readmission within 31 days (4101A <c>days_rinp_flag_31</c>).</summary>
    [JsonIgnore]
    public bool DeclaresPlannedReadmission => DaysRinpFlag31 == "1";
}

public static class EpisodeKey
{
    public static string Of(string fixmedinsCode, string mdtrtId) => $"{fixmedinsCode}/{mdtrtId}";
}

public enum Sex { Unknown, Male, Female }
