namespace ClaimAudit.Rules.Judging;

/// <summary>
/// A column of decimals in 9 bytes each rather than 16: the low 64 bits of the coefficient and the scale and sign in
/// a byte, which gives back the very same decimal (its scale too, so 1.0 prints as 1.0). National counts and amounts
/// fit easily; a value whose coefficient needs the top 32 bits is kept whole on the side.
/// </summary>
internal struct CompactDecimals
{
    private const byte Negative = 0x80;
    private const byte Aside = 0xFF;

    private long[] _coefficient;
    private byte[] _scale;
    private Dictionary<int, decimal>? _aside;

    public readonly decimal Get(int row)
    {
        var scale = _scale[row];
        if (scale == Aside)
            return _aside![row];
        var coefficient = (ulong)_coefficient[row];
        return new decimal((int)coefficient, (int)(coefficient >> 32), 0, (scale & Negative) != 0, (byte)(scale & ~Negative));
    }

    public void Set(int row, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] == 0)
        {
            _coefficient[row] = ((long)bits[1] << 32) | (uint)bits[0];
            _scale[row] = (byte)(((bits[3] >> 16) & 0xFF) | (bits[3] < 0 ? Negative : 0));
            _aside?.Remove(row);
            return;
        }
        _scale[row] = Aside;
        (_aside ??= [])[row] = value;
    }

    public void Resize(int size)
    {
        _coefficient ??= [];
        _scale ??= [];
        Array.Resize(ref _coefficient, size);
        Array.Resize(ref _scale, size);
    }
}
