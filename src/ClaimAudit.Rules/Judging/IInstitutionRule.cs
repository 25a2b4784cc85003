using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Judging;

/// <summary>Scope A: judged over an institution's totals by period.</summary>
public interface IInstitutionRule : IRule
{
    IEnumerable<InstitutionHit> Check(string fixmedinsCode, IReadOnlyList<PeriodTotals> periods);
}
