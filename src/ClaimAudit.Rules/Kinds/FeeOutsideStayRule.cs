using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>stay.fee-outside</c> (E): an inpatient line dated before the admission date or after the discharge date
/// (the latter once the discharge is known). Amount: the line's net amount.
/// </summary>
public sealed class FeeOutsideStayRule(RuleDefinition definition) : ILineRule
{
    public const string Kind = "stay.fee-outside";

    public RuleDefinition Definition { get; } = definition;

    public bool ReadsDischarge => true;

    public Hit? Check(AuditContext context, NetLine line)
    {
        var episode = context.Episode;
        if (episode.Setting != Setting.Inpatient)
            return null;
        if (line.Date < episode.AdmissionDate)
            return Hit.OnLine(line, line.Amount, $"费用日期 {NationalTime.Format(line.Date)} 早于入院日期 {NationalTime.Format(episode.AdmissionDate)}");
        if (episode.DischargeDate is { } discharge && line.Date > discharge)
            return Hit.OnLine(line, line.Amount, $"费用日期 {NationalTime.Format(line.Date)} 晚于出院日期 {NationalTime.Format(discharge)}");
        return null;
    }
}
