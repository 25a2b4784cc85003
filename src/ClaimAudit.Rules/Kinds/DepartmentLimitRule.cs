using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>limit.department</c> (L): an item payable only when billed (<c>bilg_dept_codg</c>) by listed departments
/// (curated 限定科室: department code prefixes of the national 科室代码). A limited line without
/// <c>bilg_dept_codg</c> is "no data". Amount: the line's net amount.
/// </summary>
public sealed class DepartmentLimitRule(RuleDefinition definition, KnowledgeBase knowledge) : ILineRule
{
    public const string Kind = "limit.department";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Department);

    public bool LacksData(AuditContext context, NetLine line) =>
        string.IsNullOrEmpty(line.BilgDeptCodg) && knowledge.Find(LimitTypes.Department, line.Code) is not null;

    public string LackingDataReason => "department-limited lines without bilg_dept_codg";

    public Hit? Check(AuditContext context, NetLine line)
    {
        if (knowledge.Find(LimitTypes.Department, line.Code) is not { } point || line.BilgDeptCodg is not { Length: > 0 } dept)
            return null;
        var allowed = point.Prefixes;
        return BilledByAllowed(allowed, dept)
            ? null
            : Hit.OnLine(line, line.Amount, $"{point.ItemName} 限 {string.Join("、", allowed)} 科室开单，开单科室为 {dept}");
    }

    // A loop rather than Any with a lambda: the lambda captures the department, one allocation per limited line.
    private static bool BilledByAllowed(IReadOnlyList<string> allowed, string dept)
    {
        for (var i = 0; i < allowed.Count; i++)
            if (dept.StartsWith(allowed[i], StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
