using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// An original fee line with its refunds folded in: <see cref="Cnt"/> and <see cref="Amount"/> are net. Rules only
/// ever see net lines; a refund line itself is never judged. A view of one row of its episode's columns, not a copy.
/// </summary>
public readonly record struct NetLine
{
    private readonly LineColumns _columns;
    private readonly int _row;

    internal NetLine(LineColumns columns, int row) => (_columns, _row) = (columns, row);

    /// <summary>A line by itself, its net count and amount as given.</summary>
    public static NetLine Of(FeeLine line, decimal cnt, decimal amount) => LineColumns.Single(line, cnt, amount);

    /// <summary>A line by itself, with no refund.</summary>
    public static NetLine Of(FeeLine line) => Of(line, line.Cnt, line.DetItemFeeSumamt);

    public string Sn => _columns.Sn(_row);
    public DateTime FeeOcurTime => _columns.Time(_row);
    public DateOnly Date => NationalTime.DateOf(FeeOcurTime);
    public string Code => _columns.Code(_row);
    public string MedChrgitmType => _columns.ChargeType(_row);
    public string? ChrgitmLv => _columns.Level(_row);
    public string? BilgDeptCodg => _columns.Department(_row);
    public decimal Cnt => _columns.Cnt(_row);
    public decimal Pric => _columns.Pric(_row);
    public decimal Amount => _columns.Amount(_row);
    public int? PrdDays => _columns.PrdDays(_row);

    /// <summary>Time order with the serial number as tie-break, so "the lines past the limit" never depend on arrival order.</summary>
    public static readonly IComparer<NetLine> TimeOrder = Comparer<NetLine>.Create((a, b) =>
    {
        var byTime = a.FeeOcurTime.CompareTo(b.FeeOcurTime);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Sn, b.Sn);
    });
}
