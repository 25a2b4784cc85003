using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>Scope A: judged over an institution's totals by period.</summary>
public interface IInstitutionRule : IRule
{
    IEnumerable<InstitutionHit> Check(string fixmedinsCode, IReadOnlyList<PeriodTotals> periods);
}
