using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>
/// An original fee line with its refunds folded in: <see cref="Cnt"/> and <see cref="Amount"/> are net.
/// Rules only ever see net lines; a refund line itself is never judged.
/// </summary>
public readonly record struct NetLine(FeeLine Line, decimal Cnt, decimal Amount)
{
    public string Sn => Line.FeedetlSn;
    public DateOnly Date => Line.Date;
    public string Code => Line.MedListCodg;

    /// <summary>Time order with the serial number as tie-break, so "the lines past the limit" never depend on arrival order.</summary>
    public static readonly IComparer<NetLine> TimeOrder = Comparer<NetLine>.Create((a, b) =>
    {
        var byTime = a.Line.FeeOcurTime.CompareTo(b.Line.FeeOcurTime);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Sn, b.Sn);
    });
}
