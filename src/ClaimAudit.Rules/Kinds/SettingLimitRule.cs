using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>limit.setting</c> (L): an item payable only for inpatients (NHSA b4 限定就医方式 住院) billed in an episode
/// that is not inpatient — or an item limited to 门诊 billed to an inpatient. Amount: the line's net amount.
/// </summary>
public sealed class SettingLimitRule(RuleDefinition definition, KnowledgeBase knowledge) : ILineRule
{
    public const string Kind = "limit.setting";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Setting);

    public string? MissingData(AuditContext context) =>
        context.Episode.Setting == Setting.Unknown ? $"med_type '{context.Episode.MedType}' is neither inpatient, outpatient nor pharmacy" : null;

    public Hit? Check(AuditContext context, NetLine line)
    {
        if (knowledge.Find(LimitTypes.Setting, line.Code) is not { } point)
            return null;
        var inpatient = context.Episode.Setting == Setting.Inpatient;
        var wrong = point.LimitValue switch
        {
            "住院" => !inpatient,
            "门诊" => inpatient,
            _ => false,
        };
        return wrong
            ? Hit.OnLine(line, line.Amount, $"{point.ItemName} 限{point.LimitValue}患者支付，本次就诊为{(inpatient ? "住院" : "非住院")}（med_type={context.Episode.MedType}）")
            : null;
    }
}
