using System.Text.Json.Serialization;
using ClaimAudit.Reference.Judging;

namespace ClaimAudit.Reference.Contracts;

/// <summary>An institution's totals for one period (month of discharge), fed by its episodes at discharge.</summary>
public sealed record PeriodTotals(
    string Period,
    int Episodes,
    int InpatientEpisodes,
    decimal Amount,
    decimal DrugAmount,
    decimal ConsumableAmount,
    decimal SelfPayAmount,
    int StayDays,
    decimal InpatientAmount)
{
    public PeriodTotals Negated() => new PeriodTotals(Period, 0, 0, 0, 0, 0, 0, 0, 0).Plus(this, -1);

    public PeriodTotals Plus(PeriodTotals other, int sign = 1) => this with
    {
        Episodes = Episodes + sign * other.Episodes,
        InpatientEpisodes = InpatientEpisodes + sign * other.InpatientEpisodes,
        Amount = Amount + sign * other.Amount,
        DrugAmount = DrugAmount + sign * other.DrugAmount,
        ConsumableAmount = ConsumableAmount + sign * other.ConsumableAmount,
        SelfPayAmount = SelfPayAmount + sign * other.SelfPayAmount,
        StayDays = StayDays + sign * other.StayDays,
        InpatientAmount = InpatientAmount + sign * other.InpatientAmount,
    };
}
