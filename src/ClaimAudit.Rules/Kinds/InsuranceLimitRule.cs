using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>limit.insurance</c> (L): an item payable only under 工伤 or 生育 insurance (NHSA b3 限定保险类型) billed
/// to an episode of another insurance. 生育 is insutype 510 (<c>maternity_insutypes</c>); 工伤 has no national
/// insutype, so its codes are regional configuration (<c>work_injury_insutypes</c>, none by default: a 工伤-only
/// item is then never payable by basic insurance). Amount: the line's net amount.
/// </summary>
public sealed class InsuranceLimitRule(RuleDefinition definition, KnowledgeBase knowledge) : ILineRule
{
    public const string Kind = "limit.insurance";

    private readonly IReadOnlyList<string> _maternity = definition.Params.List("maternity_insutypes", ["510"]);
    private readonly IReadOnlyList<string> _workInjury = definition.Params.List("work_injury_insutypes", []);

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Insurance);

    public Hit? Check(AuditContext context, NetLine line)
    {
        if (knowledge.Find(LimitTypes.Insurance, line.Code) is not { } point)
            return null;
        var allowed = point.LimitValue switch
        {
            "生育" => _maternity,
            "工伤" => _workInjury,
            _ => null,
        };
        if (allowed is null || allowed.Contains(context.Episode.Insutype))
            return null;
        return Hit.OnLine(line, line.Amount, $"{point.ItemName} 限{point.LimitValue}保险支付，本次就诊险种为 {context.Episode.Insutype}");
    }
}
