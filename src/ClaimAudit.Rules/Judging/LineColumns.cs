using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// An episode's original lines as the rules read them, one array per field rather than one object per line, with the
/// refunds that name a line folded into its count and amount. Only the fields a rule, the person or a total reads are
/// kept (codes as the process shares them): the rest of a line is in the episode's durable log. What an original
/// was received as is kept as a 64-bit digest, so a re-send is told from a conflicting one without the line.
/// </summary>
public sealed class LineColumns
{
    private const int NoPrdDays = int.MinValue;

    private string[] _sn = [];
    private DateTime[] _time = [];
    private string[] _code = [];
    private string[] _chargeType = [];
    private string?[] _level = [];
    private string?[] _department = [];
    private decimal[] _cnt = [];
    private decimal[] _pric = [];
    private decimal[] _amount = [];
    private int[] _prdDays = [];
    private ulong[] _digest = [];

    public int Count { get; private set; }

    public NetLine this[int row] => new(this, row);

    /// <summary>Appends an original line (its refunds are folded in afterwards) and answers its row.</summary>
    public int Add(FeeLine line)
    {
        if (Count == _sn.Length)
            Grow();
        var row = Count++;
        _sn[row] = line.FeedetlSn;
        _time[row] = line.FeeOcurTime;
        _code[row] = SharedText.Of(line.MedListCodg)!;
        _chargeType[row] = SharedText.Of(line.MedChrgitmType)!;
        _level[row] = SharedText.Of(line.ChrgitmLv);
        _department[row] = SharedText.Of(line.BilgDeptCodg);
        _cnt[row] = line.Cnt;
        _pric[row] = line.Pric;
        _amount[row] = line.DetItemFeeSumamt;
        _prdDays[row] = line.PrdDays ?? NoPrdDays;
        _digest[row] = LineDigest.Of(line);
        return row;
    }

    /// <summary>A refund of the line in <paramref name="row"/>: its (negative) count and amount join the line's.</summary>
    public void Fold(int row, FeeLine refund)
    {
        _cnt[row] += refund.Cnt;
        _amount[row] += refund.DetItemFeeSumamt;
    }

    /// <summary>Whether <paramref name="line"/> is what the original in <paramref name="row"/> was received as.</summary>
    public bool IsReceivedAs(int row, FeeLine line) => _digest[row] == LineDigest.Of(line);

    /// <summary>One line by itself, its count and amount as given (tests and callers holding whole lines).</summary>
    public static NetLine Single(FeeLine line, decimal cnt, decimal amount)
    {
        var columns = new LineColumns();
        var row = columns.Add(line);
        columns._cnt[row] = cnt;
        columns._amount[row] = amount;
        return columns[row];
    }

    internal string Sn(int row) => _sn[row];
    internal DateTime Time(int row) => _time[row];
    internal string Code(int row) => _code[row];
    internal string ChargeType(int row) => _chargeType[row];
    internal string? Level(int row) => _level[row];
    internal string? Department(int row) => _department[row];
    internal decimal Cnt(int row) => _cnt[row];
    internal decimal Pric(int row) => _pric[row];
    internal decimal Amount(int row) => _amount[row];
    internal int? PrdDays(int row) => _prdDays[row] == NoPrdDays ? null : _prdDays[row];

    private void Grow()
    {
        // Episodes are mostly small: start at a batch's worth and double, as a list would.
        var size = Math.Max(8, _sn.Length * 2);
        Array.Resize(ref _sn, size);
        Array.Resize(ref _time, size);
        Array.Resize(ref _code, size);
        Array.Resize(ref _chargeType, size);
        Array.Resize(ref _level, size);
        Array.Resize(ref _department, size);
        Array.Resize(ref _cnt, size);
        Array.Resize(ref _pric, size);
        Array.Resize(ref _amount, size);
        Array.Resize(ref _prdDays, size);
        Array.Resize(ref _digest, size);
    }
}
