using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// An episode's original lines as the rules read them, one array per field rather than one object per line, with the
/// refunds that name a line folded into its count and amount. Only the fields a rule, the person or a total reads are
/// kept (codes as the process shares them): the rest of a line is in the episode's durable log. What an original
/// was received as is kept as a 64-bit digest, so a re-send is told from a conflicting one without the line.
/// The rows are found by serial through their own open-addressed index, not a dictionary entry per line.
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
    private CompactDecimals _cnt;
    private CompactDecimals _pric;
    private CompactDecimals _amount;
    private int[] _prdDays = [];
    private ulong[] _digest = [];
    // Row + 1 by the serial's hash, linear probing, kept at most half full; 0 is an empty slot.
    private int[] _index = [];

    public int Count { get; private set; }

    public NetLine this[int row] => new(this, row);

    /// <summary>Appends an original line (its refunds are folded in afterwards) and answers its row. Its serial must not be present.</summary>
    public int Add(FeeLine line)
    {
        if (Count == _sn.Length)
            Resize(Math.Max(8, _sn.Length * 2));
        var row = Count++;
        _sn[row] = line.FeedetlSn;
        _time[row] = line.FeeOcurTime;
        _code[row] = SharedText.Of(line.MedListCodg)!;
        _chargeType[row] = SharedText.Of(line.MedChrgitmType)!;
        _level[row] = SharedText.Of(line.ChrgitmLv);
        _department[row] = SharedText.Of(line.BilgDeptCodg);
        _cnt.Set(row, line.Cnt);
        _pric.Set(row, line.Pric);
        _amount.Set(row, line.DetItemFeeSumamt);
        _prdDays[row] = line.PrdDays ?? NoPrdDays;
        _digest[row] = LineDigest.Of(line);
        if (2 * Count > _index.Length)
            Reindex(Math.Max(16, _index.Length * 2));
        else
            Place(row);
        return row;
    }

    /// <summary>The row of the original with this serial, or -1.</summary>
    public int RowOf(string sn)
    {
        if (_index.Length == 0)
            return -1;
        var mask = _index.Length - 1;
        for (var slot = Hash(sn) & mask; _index[slot] != 0; slot = (slot + 1) & mask)
            if (string.Equals(_sn[_index[slot] - 1], sn, StringComparison.Ordinal))
                return _index[slot] - 1;
        return -1;
    }

    /// <summary>A refund of the line in <paramref name="row"/>: its (negative) count and amount join the line's.</summary>
    public void Fold(int row, FeeLine refund)
    {
        _cnt.Set(row, _cnt.Get(row) + refund.Cnt);
        _amount.Set(row, _amount.Get(row) + refund.DetItemFeeSumamt);
    }

    /// <summary>Whether <paramref name="line"/> is what the original in <paramref name="row"/> was received as.</summary>
    public bool IsReceivedAs(int row, FeeLine line) => _digest[row] == LineDigest.Of(line);

    /// <summary>Gives back the room kept for lines to come (a discharged episode rarely gets more).</summary>
    public void Trim()
    {
        // The index needs no trimming: it only ever grows to the least power of two twice the rows.
        if (Count < _sn.Length)
            Resize(Count);
    }

    /// <summary>One line by itself, its count and amount as given (tests and callers holding whole lines).</summary>
    public static NetLine Single(FeeLine line, decimal cnt, decimal amount)
    {
        var columns = new LineColumns();
        var row = columns.Add(line);
        columns._cnt.Set(row, cnt);
        columns._amount.Set(row, amount);
        return columns[row];
    }

    internal string Sn(int row) => _sn[row];
    internal DateTime Time(int row) => _time[row];
    internal string Code(int row) => _code[row];
    internal string ChargeType(int row) => _chargeType[row];
    internal string? Level(int row) => _level[row];
    internal string? Department(int row) => _department[row];
    internal decimal Cnt(int row) => _cnt.Get(row);
    internal decimal Pric(int row) => _pric.Get(row);
    internal decimal Amount(int row) => _amount.Get(row);
    internal int? PrdDays(int row) => _prdDays[row] == NoPrdDays ? null : _prdDays[row];

    private static int Hash(string sn) => string.GetHashCode(sn, StringComparison.Ordinal) & int.MaxValue;

    private void Place(int row)
    {
        var mask = _index.Length - 1;
        var slot = Hash(_sn[row]) & mask;
        while (_index[slot] != 0)
            slot = (slot + 1) & mask;
        _index[slot] = row + 1;
    }

    private void Reindex(int size)
    {
        _index = new int[size];
        for (var row = 0; row < Count; row++)
            Place(row);
    }

    private void Resize(int size)
    {
        // Episodes are mostly small: start at a batch's worth and double, as a list would.
        Array.Resize(ref _sn, size);
        Array.Resize(ref _time, size);
        Array.Resize(ref _code, size);
        Array.Resize(ref _chargeType, size);
        Array.Resize(ref _level, size);
        Array.Resize(ref _department, size);
        _cnt.Resize(size);
        _pric.Resize(size);
        _amount.Resize(size);
        Array.Resize(ref _prdDays, size);
        Array.Resize(ref _digest, size);
    }
}
