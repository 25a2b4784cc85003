namespace ClaimAudit.Rules.Judging;

/// <summary>
/// A decimal in 9 bytes rather than 16: the low 64 bits of its coefficient and its scale and sign in a byte, which
/// give back the very same decimal (its scale too, so 1.0 prints as 1.0). National counts and amounts fit easily; a
/// value whose coefficient needs its top 32 bits does not, and its holder keeps it whole on the side.
/// </summary>
internal static class CompactDecimal
{
    private const byte Negative = 0x80;

    /// <summary>The scale byte of a value that did not fit.</summary>
    public const byte Wide = 0xFF;

    public static decimal Unpack(long coefficient, byte scale) =>
        new((int)coefficient, (int)((ulong)coefficient >> 32), 0, (scale & Negative) != 0, (byte)(scale & ~Negative));

    /// <summary>The compact form, or false (the scale <see cref="Wide"/>) when the value does not fit.</summary>
    public static bool TryPack(decimal value, out long coefficient, out byte scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] != 0)
        {
            (coefficient, scale) = (0, Wide);
            return false;
        }
        coefficient = ((long)bits[1] << 32) | (uint)bits[0];
        scale = (byte)(((bits[3] >> 16) & 0xFF) | (bits[3] < 0 ? Negative : 0));
        return true;
    }
}
