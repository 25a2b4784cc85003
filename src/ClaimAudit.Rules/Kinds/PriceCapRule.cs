using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>price.over-cap</c> (L): <c>pric</c> above the item's price cap for the institution's level (curated 限定价格:
/// caps by 三级/二级/一级; 无等级 institutions use the 一级 cap). Amount: (pric − cap) × net cnt.
/// </summary>
public sealed class PriceCapRule(RuleDefinition definition, KnowledgeBase knowledge) : ILineRule
{
    public const string Kind = "price.over-cap";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.PriceCap);

    public string? MissingData(AuditContext context) => context.UnknownLevel;

    public Hit? Check(AuditContext context, NetLine line)
    {
        if (knowledge.Find(LimitTypes.PriceCap, line.Code) is not { } point)
            return null;
        // Below 二级 the 一级 cap applies.
        var level = context.Institution!.Level is InstitutionLevel.Tertiary or InstitutionLevel.Secondary ? context.Institution.Level : InstitutionLevel.Primary;
        if (!point.Caps.TryGetValue(level, out var cap) || line.Pric <= cap)
            return null;
        var key = InstitutionLevels.Label(level);
        return Hit.OnLine(line, (line.Pric - cap) * line.Cnt,
            $"{point.ItemName} 单价 {line.Pric:0.00} 元，超过{key}医疗机构限价 {cap:0.00} 元（{line.Cnt:0.##} {(line.Cnt == 1 ? "次" : "次/单位")}）");
    }
}
