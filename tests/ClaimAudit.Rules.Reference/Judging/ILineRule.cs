using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>Scope L: judged on one line, with the episode's and person's attributes.</summary>
public interface ILineRule : IRule
{
    Hit? Check(AuditContext context, NetLine line);
}
