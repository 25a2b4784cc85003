using System.Text.Json.Serialization;
namespace ClaimAudit.Reference.Contracts;

/// <summary>Institution level grouped from <c>hosp_lv</c>; the order matters (level ≥ 二级 comparisons).</summary>
public enum InstitutionLevel { Unknown = -1, None = 0, Primary = 1, Secondary = 2, Tertiary = 3 }

public static class InstitutionLevels
{
    // hosp_lv (national code values): 01–04, 12 三级; 05–07, 13 二级; 08–10, 14 一级; 11 无等级.
    public static InstitutionLevel FromHospLv(string? hospLv) => hospLv switch
    {
        "01" or "02" or "03" or "04" or "12" => InstitutionLevel.Tertiary,
        "05" or "06" or "07" or "13" => InstitutionLevel.Secondary,
        "08" or "09" or "10" or "14" => InstitutionLevel.Primary,
        "11" => InstitutionLevel.None,
        _ => InstitutionLevel.Unknown,
    };

    public static bool IsKnownHospLv(string? hospLv) => FromHospLv(hospLv) != InstitutionLevel.Unknown;

    /// <summary>The level's name as NHSA's tables and ClaimAudit's messages write it.</summary>
    public static string Label(InstitutionLevel level) => level switch
    {
        InstitutionLevel.Tertiary => "三级",
        InstitutionLevel.Secondary => "二级",
        InstitutionLevel.Primary => "一级",
        _ => "无等级",
    };

    /// <summary>Reads 三级 / 二级 / 一级 as the knowledge tables write them.</summary>
    public static bool TryParseLabel(string label, out InstitutionLevel level)
    {
        level = label switch
        {
            "三级" => InstitutionLevel.Tertiary,
            "二级" => InstitutionLevel.Secondary,
            "一级" => InstitutionLevel.Primary,
            _ => InstitutionLevel.Unknown,
        };
        return level != InstitutionLevel.Unknown;
    }
}

/// <summary>What the rules know about an institution (fixmedins_code).</summary>
public sealed record InstitutionProfile(string FixmedinsCode, string? Name, string? HospLv, string? Admdvs)
{
    [JsonIgnore]
    public InstitutionLevel Level => InstitutionLevels.FromHospLv(HospLv);
}
