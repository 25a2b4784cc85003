using System.Text;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// The serials (<c>feedetl_sn</c>) of one block of rows as their ASCII bytes, one after another: a serial of 25
/// characters in 29 bytes, where a string and a reference to it took 82. A serial that is not short ASCII (none in
/// national data) is not kept here: its table keeps it as text, and the row's bytes are empty.
/// </summary>
internal sealed class SerialColumn(int size)
{
    // The longest serial kept as bytes: national serials have at most 30 characters.
    private const int MaxBytes = 128;

    private byte[] _bytes = [];
    // A row's end in the bytes; its start is the end of the row before.
    private readonly int[] _end = new int[size];

    /// <summary>Whether a serial is kept as bytes (otherwise as text by the table).</summary>
    public static bool IsBytes(string sn) => sn.Length <= MaxBytes && Ascii.IsValid(sn);

    /// <summary>Keeps the serial of the row at <paramref name="offset"/> (rows are kept in order); false when it is to be kept as text.</summary>
    public bool Keep(int offset, string sn)
    {
        var start = Start(offset);
        if (!IsBytes(sn))
        {
            _end[offset] = start;
            return false;
        }
        var end = start + sn.Length;
        if (end > _bytes.Length)
            // Room for the block's rows at the length seen so far: a stay's serials are mostly of one length.
            Array.Resize(ref _bytes, Math.Max(end, end / (offset + 1) * _end.Length));
        Ascii.FromUtf16(sn, _bytes.AsSpan(start, sn.Length), out _);
        _end[offset] = end;
        if (offset == _end.Length - 1 && _bytes.Length > end)
            Array.Resize(ref _bytes, end); // the block is full: its bytes are trimmed to what it holds
        return true;
    }

    public ReadOnlySpan<byte> this[int offset] => _bytes.AsSpan(Start(offset), _end[offset] - Start(offset));

    public string ToString(int offset) => Encoding.ASCII.GetString(this[offset]);

    public bool Is(int offset, string sn) => Ascii.Equals(this[offset], sn);

    private int Start(int offset) => offset == 0 ? 0 : _end[offset - 1];

    /// <summary>A serial's hash: of its bytes when it is kept as bytes (as <see cref="Hash(ReadOnlySpan{byte})"/> of its row), of its text otherwise.</summary>
    public static int Hash(string sn)
    {
        if (!IsBytes(sn))
            return string.GetHashCode(sn, StringComparison.Ordinal);
        Span<byte> bytes = stackalloc byte[sn.Length];
        Ascii.FromUtf16(sn, bytes, out _);
        return Hash(bytes);
    }

    public static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode(); // seeded per process, as string hashes are
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
