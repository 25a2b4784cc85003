using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>limit.level</c> (L): an item payable only at institutions of level ≥ 二级 or 三级 (NHSA b5 限定机构等级)
/// billed by a lower-level institution. An institution whose <c>hosp_lv</c> is unknown is "no data".
/// Amount: the line's net amount.
/// </summary>
public sealed class LevelLimitRule(RuleDefinition definition, KnowledgeBase knowledge) : ILineRule
{
    public const string Kind = "limit.level";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Level);

    public string? MissingData(AuditContext context) => context.UnknownLevel;

    public Hit? Check(AuditContext context, NetLine line)
    {
        if (knowledge.Find(LimitTypes.Level, line.Code) is not { } point)
            return null;
        var required = point.MinimumLevel;
        var level = context.Institution!.Level;
        return level < required
            ? Hit.OnLine(line, line.Amount, $"{point.ItemName} 限{point.LimitValue}及以上医疗机构，本机构 hosp_lv={context.Institution.HospLv}（{InstitutionLevels.Label(level)}）")
            : null;
    }
}
