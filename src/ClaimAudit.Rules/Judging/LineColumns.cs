using System.Numerics;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// An episode's original lines as the rules read them, with the refunds that name a line folded into its count and
/// amount: an array per field in blocks that are never copied (8, 8, 16, 32, 64 lines, then 128 each), rather than
/// an object per line or arrays doubled as they grow. Only the fields a rule, the person or a total reads are kept
/// (codes by their process-wide numbers in <see cref="SharedText"/>, numbers as their exact bits in fewer bytes): the rest of a line is in the
/// episode's durable log. What an original was received as is kept as a 64-bit digest, so a re-send is told from a
/// conflicting one without the line. Serials are kept as bytes (<see cref="SerialColumn"/>); one that is not short
/// ASCII is kept as text on the side. The rows are found by serial through an own open-addressed index.
/// </summary>
public sealed class LineColumns
{
    private const int NoPrdDays = int.MinValue;
    private const int FirstBlock = 8;
    private const int LastBlock = 128;
    private const int SmallBlocks = 5; // 8, 8, 16, 32, 64: the rows before the first block of 128

    private readonly bool _digests;
    private Block[] _blocks = [];
    // Rows by the serial's hash, kept at most half full.
    private RowIndex _index = new();
    // Counts, prices or amounts whose coefficient needs more than 64 bits (none in national data), by row and field.
    private Dictionary<(int Row, int Field), decimal>? _wide;
    // Codes past SharedText's bound (none while it has room), by row and field.
    private Dictionary<(int Row, int Field), string>? _unshared;
    // Serials that are not short ASCII (none in national data), by row.
    private Dictionary<int, string>? _textSerials;

    /// <summary>
    /// Columns that tell a re-send from a conflicting one (an episode's), or, without <paramref name="digests"/>,
    /// columns only read for their net lines (a person's history folded from a log), which spare each line's digest.
    /// </summary>
    public LineColumns(bool digests = true) => _digests = digests;

    /// <summary>With another numbering of codes: tests number none, as SharedText does past its bound.</summary>
    internal LineColumns(bool digests, Func<string?, int> numberOf) => (_digests, _numberOf) = (digests, numberOf);

    // Null: SharedText's numbers.
    private readonly Func<string?, int>? _numberOf;

    public int Count { get; private set; }

    public NetLine this[int row]
    {
        get
        {
            var (block, offset) = Locate(row);
            return new(this, _blocks[block], offset, row);
        }
    }

    /// <summary>Appends an original line (its refunds are folded in afterwards) and answers its row. Its serial must not be present.</summary>
    public int Add(FeeLine line)
    {
        var row = Count;
        var (block, offset) = Locate(row);
        if (block == _blocks.Length)
        {
            Array.Resize(ref _blocks, block + 1);
            _blocks[block] = new Block(BlockSize(block));
        }
        var b = _blocks[block];
        KeepSerial(b, offset, row, line.FeedetlSn);
        b.Time[offset] = line.FeeOcurTime;
        b.Code[offset] = Number(row, CodeField, line.MedListCodg);
        b.ChargeType[offset] = Number(row, ChargeTypeField, line.MedChrgitmType);
        b.Level[offset] = Number(row, LevelField, line.ChrgitmLv);
        b.Department[offset] = Number(row, DepartmentField, line.BilgDeptCodg);
        Count++;
        Set(ref b.Cnt[offset], ref b.CntScale[offset], row, CntField, line.Cnt);
        Set(ref b.Pric[offset], ref b.PricScale[offset], row, PricField, line.Pric);
        Set(ref b.Amount[offset], ref b.AmountScale[offset], row, AmountField, line.DetItemFeeSumamt);
        b.PrdDays[offset] = line.PrdDays ?? NoPrdDays;
        b.Digest[offset] = _digests ? LineDigest.Of(line) : 0;
        if (2 * Count > _index.Size)
            Reindex(Math.Max(16, _index.Size * 2));
        else
            _index.Place(Hash(line.FeedetlSn), row);
        return row;
    }

    /// <summary>Makes the index room for this many lines at once (an episode rebuilt from a log of known length), rather than doubling it to that.</summary>
    public void EnsureCapacity(int count)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * count));
        if (size > _index.Size)
            Reindex(size);
    }

    /// <summary>The row of the original with this serial, or -1.</summary>
    public int RowOf(string sn)
    {
        var bytes = SerialColumn.IsBytes(sn);
        foreach (var row in _index.Candidates(Hash(sn)))
            if (SerialIs(row, sn, bytes))
                return row;
        return -1;
    }

    /// <summary>A refund of the line in <paramref name="row"/>: its (negative) count and amount join the line's.</summary>
    public void Fold(int row, FeeLine refund)
    {
        var (block, o) = Locate(row);
        var b = _blocks[block];
        Set(ref b.Cnt[o], ref b.CntScale[o], row, CntField, Cnt(b, o, row) + refund.Cnt);
        Set(ref b.Amount[o], ref b.AmountScale[o], row, AmountField, Amount(b, o, row) + refund.DetItemFeeSumamt);
    }

    /// <summary>Whether <paramref name="line"/> is what the original in <paramref name="row"/> was received as.</summary>
    public bool IsReceivedAs(int row, FeeLine line)
    {
        if (!_digests)
            throw new InvalidOperationException("these columns keep no digests of the lines they were given");
        var (block, offset) = Locate(row);
        return _blocks[block].Digest[offset] == LineDigest.Of(line);
    }

    /// <summary>One line by itself, its count and amount as given (tests and callers holding whole lines).</summary>
    public static NetLine Single(FeeLine line, decimal cnt, decimal amount)
    {
        var columns = new LineColumns();
        var row = columns.Add(line);
        var b = columns._blocks[0];
        columns.Set(ref b.Cnt[0], ref b.CntScale[0], row, CntField, cnt);
        columns.Set(ref b.Amount[0], ref b.AmountScale[0], row, AmountField, amount);
        return columns[row];
    }

    internal decimal Cnt(Block b, int offset, int row) => Get(b.Cnt[offset], b.CntScale[offset], row, CntField);

    internal decimal Pric(Block b, int offset, int row) => Get(b.Pric[offset], b.PricScale[offset], row, PricField);

    internal decimal Amount(Block b, int offset, int row) => Get(b.Amount[offset], b.AmountScale[offset], row, AmountField);

    internal static int? PrdDays(Block b, int offset) => b.PrdDays[offset] is var days && days == NoPrdDays ? null : days;

    /// <summary>The text a code column holds in a row.</summary>
    internal string? Text(int id, int row, int field) => id == SharedText.NotShared ? _unshared![(row, field)] : SharedText.TextOf(id);

    private const int CntField = 0;
    private const int PricField = 1;
    private const int AmountField = 2;
    internal const int CodeField = 0;
    internal const int ChargeTypeField = 1;
    internal const int LevelField = 2;
    internal const int DepartmentField = 3;

    private int Number(int row, int field, string? text)
    {
        var id = _numberOf is null ? SharedText.IdOf(text) : _numberOf(text);
        if (id == SharedText.NotShared)
            (_unshared ??= [])[(row, field)] = text!;
        return id;
    }

    /// <summary>The number of rows block <paramref name="block"/> holds.</summary>
    internal static int BlockSize(int block) => block < SmallBlocks ? Math.Max(FirstBlock, FirstBlock << (block - 1)) : LastBlock;

    /// <summary>The block holding a row and the row's place in it.</summary>
    internal static (int Block, int Offset) Locate(int row)
    {
        if (row < FirstBlock)
            return (0, row);
        if (row < LastBlock)
        {
            var block = BitOperations.Log2((uint)row / FirstBlock) + 1;
            return (block, row - (FirstBlock << (block - 1)));
        }
        return (SmallBlocks - 1 + row / LastBlock, row % LastBlock);
    }

    /// <summary>The serial of a row, as a string made from its bytes.</summary>
    internal string SnOf(Block b, int offset, int row) => TextSerial(row) ?? b.Sn.ToString(offset);

    /// <summary>Orders two rows' serials as <see cref="string.CompareOrdinal(string, string)"/> orders them, without making strings when both are bytes.</summary>
    internal static int CompareSerials(NetLine a, NetLine b) => a.HasTextSerial || b.HasTextSerial
        ? string.CompareOrdinal(a.Sn, b.Sn)
        : a.SerialBytes.SequenceCompareTo(b.SerialBytes); // ASCII bytes order as their characters do

    internal bool HasTextSerial(int row) => _textSerials is not null && _textSerials.ContainsKey(row);

    // The serial of a row kept as text, or null when it is kept as bytes.
    private string? TextSerial(int row) => _textSerials is not null && _textSerials.TryGetValue(row, out var text) ? text : null;

    private void KeepSerial(Block b, int offset, int row, string sn)
    {
        if (!b.Sn.Keep(offset, sn))
            (_textSerials ??= [])[row] = sn;
    }

    private bool SerialIs(int row, string sn, bool bytes)
    {
        if (TextSerial(row) is { } text)
            return !bytes && string.Equals(text, sn, StringComparison.Ordinal);
        var (block, offset) = Locate(row);
        return bytes && _blocks[block].Sn.Is(offset, sn);
    }

    private decimal Get(long coefficient, byte scale, int row, int field) =>
        scale == CompactDecimal.Wide ? _wide![(row, field)] : CompactDecimal.Unpack(coefficient, scale);

    private void Set(ref long coefficient, ref byte scale, int row, int field, decimal value)
    {
        if (CompactDecimal.TryPack(value, out coefficient, out scale))
        {
            _wide?.Remove((row, field));
            return;
        }
        (_wide ??= [])[(row, field)] = value;
    }

    // A serial kept as bytes is hashed as its bytes, whether it is given as a string or read from its row.
    private static int Hash(string sn) => SerialColumn.Hash(sn) & int.MaxValue;

    private void Reindex(int size)
    {
        _index.Reset(size);
        for (var row = 0; row < Count; row++)
        {
            var (block, offset) = Locate(row);
            _index.Place((TextSerial(row) is { } text ? SerialColumn.Hash(text) : SerialColumn.Hash(_blocks[block].Sn[offset])) & int.MaxValue, row);
        }
    }

    /// <summary>The columns of one block of rows.</summary>
    internal sealed class Block(int size)
    {
        public readonly SerialColumn Sn = new(size);
        // Codes by their numbers in SharedText.
        public readonly int[] Code = new int[size];
        public readonly int[] ChargeType = new int[size];
        public readonly int[] Level = new int[size];
        public readonly int[] Department = new int[size];
        public readonly DateTime[] Time = new DateTime[size];
        public readonly ulong[] Digest = new ulong[size];
        public readonly long[] Cnt = new long[size];
        public readonly long[] Pric = new long[size];
        public readonly long[] Amount = new long[size];
        public readonly int[] PrdDays = new int[size];
        public readonly byte[] CntScale = new byte[size];
        public readonly byte[] PricScale = new byte[size];
        public readonly byte[] AmountScale = new byte[size];
    }
}
