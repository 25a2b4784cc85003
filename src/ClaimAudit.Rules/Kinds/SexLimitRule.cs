using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>limit.sex</c> (L): an item NHSA batch 1 limits to one sex (限定性别对象, drugs and services) billed for a
/// patient of the other sex. A patient whose <c>gend</c> is neither 1 nor 2 is "no data", never a hit.
/// Amount: the line's net amount.
/// </summary>
public sealed class SexLimitRule(RuleDefinition definition, KnowledgeBase knowledge) : ILineRule
{
    public const string Kind = "limit.sex";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Sex);

    public string? MissingData(AuditContext context) =>
        context.Episode.Sex == Sex.Unknown ? $"gend '{context.Episode.Gend}' is neither 1 (男) nor 2 (女)" : null;

    public Hit? Check(AuditContext context, NetLine line)
    {
        if (knowledge.Find(LimitTypes.Sex, line.Code) is not { } point)
            return null;
        var allowed = point.LimitValue switch { "男" => Sex.Male, "女" => Sex.Female, _ => Sex.Unknown };
        var patient = context.Episode.Sex;
        if (allowed == Sex.Unknown || patient == Sex.Unknown || patient == allowed)
            return null;
        return Hit.OnLine(line, line.Amount,
            $"{point.ItemName} 限{point.LimitValue}性使用，患者性别为{(patient == Sex.Male ? "男" : "女")}（gend={context.Episode.Gend}）");
    }
}
