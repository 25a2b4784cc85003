using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>Fee-category groups of <c>med_chrgitm_type</c> used by several rules.</summary>
public static class ChargeTypes
{
    public const string Bed = "01";
    public const string Nursing = "07";

    /// <summary>09 西药费, 10 中药饮片费, 11 中成药费.</summary>
    public static bool IsDrug(string type) => type is "09" or "10" or "11";

    /// <summary>08 卫生材料费 and its sub-codes, 1402/1403 材料.</summary>
    public static bool IsConsumable(string type) => type.StartsWith("08", StringComparison.Ordinal) || type is "1402" or "1403";
}
