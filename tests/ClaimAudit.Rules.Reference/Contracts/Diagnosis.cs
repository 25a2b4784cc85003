using System.Text.Json.Serialization;
namespace ClaimAudit.Reference.Contracts;

/// <summary>One entry of <c>diseinfo[]</c> (2401/2402, SETL_LIST_DIAG_D).</summary>
public sealed record Diagnosis(
    string DiagType,
    string MaindiagFlag,
    string DiagCode,
    string? DiagName = null,
    DateTime? DiagTime = null)
{
    [JsonIgnore]
    public bool IsMain => MaindiagFlag == "1";

    /// <summary>The ICD-10 category: the first three characters of the code, as the readmission rule compares them.</summary>
    [JsonIgnore]
    public string Category => DiagCode.Length >= 3 ? DiagCode[..3].ToUpperInvariant() : DiagCode.ToUpperInvariant();
}
