using ClaimAudit.Reference.Contracts;

namespace ClaimAudit.Reference.Knowledge;

/// <summary>
/// One NHSA 两库 knowledge point keyed by national code: which limit (<see cref="LimitType"/>, the published
/// 限定类型 wording) with which value (限定对象/限定值域/限制数量), where it came from (file:line).
/// </summary>
public sealed record KnowledgePoint(
    string Code,
    string ItemName,
    string LimitType,
    string LimitValue,
    string? Unit,
    string? Note,
    string Source)
{
    /// <summary>限定支付疗程 days, 限定频次 units per 数量单位, 限定周期频次 频次上限: read once when the tables load.</summary>
    public decimal Quantity { get; init; }

    /// <summary>限定周期频次: the 疗程周期, in days.</summary>
    public int CycleDays { get; init; }

    /// <summary>限定机构等级: the lowest level that may bill the item.</summary>
    public InstitutionLevel MinimumLevel { get; init; }

    /// <summary>限定科室: department code prefixes; 限定诊断: ICD-10 prefixes.</summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    /// <summary>限定价格: the cap for each level that has one.</summary>
    public IReadOnlyDictionary<InstitutionLevel, decimal> Caps { get; init; } = new Dictionary<InstitutionLevel, decimal>();
}

/// <summary>The 限定类型 names as NHSA publishes them, plus names for the batch-8 tables that carry none.</summary>
public static class LimitTypes
{
    public const string Sex = "限定性别对象";
    public const string Age = "限定年龄对象";
    public const string Insurance = "限定保险类型";
    public const string Setting = "限定就医方式";
    public const string Level = "限定机构等级";
    public const string Course = "限定支付疗程";
    public const string PrimarySecondary = "限定主次操作";
    /// <summary>b8-1: 限制数量 per 数量单位 (日/天/小时).</summary>
    public const string Frequency = "限定频次";
    /// <summary>b8-4: 频次上限 within 疗程周期 days.</summary>
    public const string Cycle = "限定周期频次";
    /// <summary>Curated: department code prefixes allowed to bill the item.</summary>
    public const string Department = "限定科室";
    /// <summary>Curated: price caps by institution level (三级:80;二级:65;一级:50).</summary>
    public const string PriceCap = "限定价格";
    /// <summary>Curated: ICD-10 prefixes of the diagnoses the item is payable for (national drug list 限定支付范围).</summary>
    public const string Diagnosis = "限定诊断";
}
