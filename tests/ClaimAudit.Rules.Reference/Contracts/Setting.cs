namespace ClaimAudit.Reference.Contracts;

/// <summary>Where care happens, derived from <c>med_type</c> (docs/rules.md, conventions).</summary>
public enum Setting { Unknown, Outpatient, Inpatient, Pharmacy }

public static class Settings
{
    // 21 普通住院, 210104 急诊住院, 28 日间手术 start with 2; 11/14xxxx outpatient start with 1; 41 药店购药.
    public static Setting Of(string? medType) => medType switch
    {
        null or "" => Setting.Unknown,
        "41" => Setting.Pharmacy,
        _ when medType[0] == '2' => Setting.Inpatient,
        _ when medType[0] == '1' => Setting.Outpatient,
        _ => Setting.Unknown,
    };
}
