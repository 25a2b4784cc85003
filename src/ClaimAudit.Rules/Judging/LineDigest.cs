using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// A 64-bit digest of everything a fee line was received as: two lines equal as records (ordinal texts, numbers by
/// value, so 1.0 and 1.00 are one count) have one digest, and two that differ share one with odds of 2^-64.
/// In memory only: it is rebuilt from the log on activation, so its layout may change between versions.
/// </summary>
public static class LineDigest
{
    public static ulong Of(FeeLine line)
    {
        var size = 16 * 8 + 3 * 16 + 2 * (Length(line.FeedetlSn) + Length(line.MedListCodg) + Length(line.MedChrgitmType)
            + Length(line.InitFeedetlSn) + Length(line.DrordNo) + Length(line.MedinsListCodg) + Length(line.ChrgitmLv)
            + Length(line.BilgDeptCodg) + Length(line.BilgDrCodg) + Length(line.HospApprFlag) + Length(line.DscgTkdrugFlag)
            + Length(line.UsedFrquDscr));
        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(size));
        var at = 0;
        Text(buffer, ref at, line.FeedetlSn);
        Number(buffer, ref at, line.FeeOcurTime.Ticks);
        Text(buffer, ref at, line.MedListCodg);
        Text(buffer, ref at, line.MedChrgitmType);
        Amount(buffer, ref at, line.Cnt);
        Amount(buffer, ref at, line.Pric);
        Amount(buffer, ref at, line.DetItemFeeSumamt);
        Text(buffer, ref at, line.InitFeedetlSn);
        Text(buffer, ref at, line.DrordNo);
        Text(buffer, ref at, line.MedinsListCodg);
        Text(buffer, ref at, line.ChrgitmLv);
        Text(buffer, ref at, line.BilgDeptCodg);
        Text(buffer, ref at, line.BilgDrCodg);
        Text(buffer, ref at, line.HospApprFlag);
        Text(buffer, ref at, line.DscgTkdrugFlag);
        Number(buffer, ref at, line.PrdDays is { } days ? days : long.MinValue);
        Text(buffer, ref at, line.UsedFrquDscr);
        var digest = XxHash3.HashToUInt64(buffer[..at]);
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
        return digest;
    }

    private static int Length(string? text) => text?.Length ?? 0;

    // Length first (-1 for null), so null, "" and adjacent texts never read alike.
    private static void Text(Span<byte> buffer, ref int at, string? text)
    {
        Number(buffer, ref at, text?.Length ?? -1);
        if (text is null)
            return;
        MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(buffer[at..]);
        at += text.Length * 2;
    }

    private static void Number(Span<byte> buffer, ref int at, long value)
    {
        MemoryMarshal.Write(buffer[at..], in value);
        at += 8;
    }

    // Trailing zeros removed first: decimal equality is by value, and 1.0 and 1.00 differ in their bits. They are taken
    // off the coefficient by hand: dividing by 1.000…0, which does the same, was the dearest step of a line's Add.
    private static void Amount(Span<byte> buffer, ref int at, decimal value)
    {
        var bits = MemoryMarshal.Cast<byte, int>(buffer.Slice(at, 16));
        decimal.GetBits(value == 0 ? 0m : value, bits);
        at += 16;
        var scale = (bits[3] >> 16) & 0xFF;
        if (scale == 0)
            return;
        if (bits[2] == 0)
        {
            var coefficient = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            while (scale > 0 && coefficient % 10 == 0)
                (coefficient, scale) = (coefficient / 10, scale - 1);
            bits[0] = (int)(uint)coefficient;
            bits[1] = (int)(uint)(coefficient >> 32);
        }
        else
        {
            var coefficient = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
            while (scale > 0 && coefficient % 10 == 0)
                (coefficient, scale) = (coefficient / 10, scale - 1);
            bits[0] = (int)(uint)coefficient;
            bits[1] = (int)(uint)(coefficient >> 32);
            bits[2] = (int)(uint)(coefficient >> 64);
        }
        bits[3] = (bits[3] & int.MinValue) | (scale << 16);
    }
}
