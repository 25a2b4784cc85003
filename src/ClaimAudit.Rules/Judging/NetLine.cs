using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// An original fee line with its refunds folded in: <see cref="Cnt"/> and <see cref="Amount"/> are net. Rules only
/// ever see net lines; a refund line itself is never judged. A view of one row of its episode's columns, not a copy.
/// </summary>
public readonly record struct NetLine
{
    // The row's block itself, so that a field is one array read (the columns for the rare wide number).
    private readonly LineColumns _columns;
    private readonly LineColumns.Block _block;
    private readonly int _offset;
    private readonly int _row;

    internal NetLine(LineColumns columns, LineColumns.Block block, int offset, int row) => (_columns, _block, _offset, _row) = (columns, block, offset, row);

    /// <summary>A line by itself, its net count and amount as given.</summary>
    public static NetLine Of(FeeLine line, decimal cnt, decimal amount) => LineColumns.Single(line, cnt, amount);

    /// <summary>A line by itself, with no refund.</summary>
    public static NetLine Of(FeeLine line) => Of(line, line.Cnt, line.DetItemFeeSumamt);

    /// <summary>The serial, made from its row (a string per call: hot paths compare <see cref="SerialBytes"/> instead).</summary>
    public string Sn => _columns.SnOf(_block, _offset, _row);

    internal ReadOnlySpan<byte> SerialBytes => _block.Sn[_offset];

    internal bool HasTextSerial => _columns.HasTextSerial(_row);
    public DateTime FeeOcurTime => _block.Time[_offset];
    public DateOnly Date => NationalTime.DateOf(FeeOcurTime);
    public string Code => _columns.Text(CodeId, _row, LineColumns.CodeField)!;
    public string MedChrgitmType => _columns.Text(_block.ChargeType[_offset], _row, LineColumns.ChargeTypeField)!;
    public string? ChrgitmLv => _columns.Text(_block.Level[_offset], _row, LineColumns.LevelField);
    public string? BilgDeptCodg => _columns.Text(_block.Department[_offset], _row, LineColumns.DepartmentField);

    /// <summary>The code's number in <see cref="Engine.SharedText"/> (<see cref="Engine.SharedText.NotShared"/> for a code past its bound).</summary>
    public int CodeId => _block.Code[_offset];
    public decimal Cnt => _columns.Cnt(_block, _offset, _row);
    public decimal Pric => _columns.Pric(_block, _offset, _row);
    public decimal Amount => _columns.Amount(_block, _offset, _row);
    public int? PrdDays => LineColumns.PrdDays(_block, _offset);

    /// <summary>Time order with the serial number as tie-break, so "the lines past the limit" never depend on arrival order.</summary>
    public static readonly IComparer<NetLine> TimeOrder = Comparer<NetLine>.Create((a, b) =>
    {
        var byTime = a.FeeOcurTime.CompareTo(b.FeeOcurTime);
        return byTime != 0 ? byTime : LineColumns.CompareSerials(a, b);
    });
}
