using System.Buffers;
using System.Text;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Grains.Storage;

/// <summary>
/// A batch of fee lines as one <c>bytea</c> of the fee-line log (docs/architecture.md, "The fee-line log"). The first
/// byte names the format; <see cref="Decode"/> reads every format ever written, so an upgrade never rewrites the log.
/// <para>
/// Format 1: the line count, then per line a bit set of the optional fields present and the fields in
/// <see cref="FeeLine"/>'s order. Texts go through a table of the batch's texts — a code, a charge type or a
/// department sent again is one small number — times are their ticks, decimals their scale, sign and 96-bit
/// mantissa, so a line reads back exactly as it was accepted (1.50 stays 1.50, a null stays null, an empty text empty).
/// </para>
/// </summary>
public static class FeeBatchFormat
{
    public const byte Current = 1;

    private const int MaxLines = 1 << 20;

    public static byte[] Encode(IReadOnlyList<FeeLine> lines)
    {
        var writer = new Writer(new ArrayBufferWriter<byte>(64 + lines.Count * 48));
        writer.Byte(Current);
        writer.Unsigned((ulong)lines.Count);
        foreach (var line in lines)
        {
            var present = Present(line);
            writer.Unsigned(present);
            writer.Text(line.FeedetlSn);
            writer.Unsigned((ulong)line.FeeOcurTime.Ticks);
            writer.Text(line.MedListCodg);
            writer.Text(line.MedChrgitmType);
            writer.Decimal(line.Cnt);
            writer.Decimal(line.Pric);
            writer.Decimal(line.DetItemFeeSumamt);
            writer.Optional(line.InitFeedetlSn);
            writer.Optional(line.DrordNo);
            writer.Optional(line.MedinsListCodg);
            writer.Optional(line.ChrgitmLv);
            writer.Optional(line.BilgDeptCodg);
            writer.Optional(line.BilgDrCodg);
            writer.Optional(line.HospApprFlag);
            writer.Optional(line.DscgTkdrugFlag);
            if (line.PrdDays is { } days)
                writer.Unsigned(ZigZag(days));
            writer.Optional(line.UsedFrquDscr);
        }
        return writer.ToArray();
    }

    /// <summary>The lines of one stored batch, in the order they were accepted.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a batch this version reads: the message says where and why.</exception>
    public static List<FeeLine> Decode(ReadOnlySpan<byte> batch)
    {
        if (batch.IsEmpty)
            throw new InvalidDataException("fee batch: empty");
        return batch[0] switch
        {
            1 => DecodeFormat1(batch[1..]),
            var format => throw new InvalidDataException($"fee batch: format {format} is not one this version reads (it reads 1 to {Current})"),
        };
    }

    private static List<FeeLine> DecodeFormat1(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        var count = reader.Unsigned();
        if (count > MaxLines)
            throw new InvalidDataException($"fee batch: {count} lines is more than a batch holds");
        var lines = new List<FeeLine>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            var present = reader.Unsigned();
            var sn = reader.Text();
            var ticks = reader.Unsigned();
            if (ticks > (ulong)DateTime.MaxValue.Ticks)
                throw new InvalidDataException($"fee batch: line {i}: fee_ocur_time out of range");
            lines.Add(new FeeLine(sn, new DateTime((long)ticks, DateTimeKind.Unspecified), reader.Text(), reader.Text(),
                reader.Decimal(), reader.Decimal(), reader.Decimal(),
                InitFeedetlSn: reader.Optional(present, 0),
                DrordNo: reader.Optional(present, 1),
                MedinsListCodg: reader.Optional(present, 2),
                ChrgitmLv: reader.Optional(present, 3),
                BilgDeptCodg: reader.Optional(present, 4),
                BilgDrCodg: reader.Optional(present, 5),
                HospApprFlag: reader.Optional(present, 6),
                DscgTkdrugFlag: reader.Optional(present, 7),
                PrdDays: (present & (1 << 8)) != 0 ? UnZigZag(reader.Unsigned()) : null,
                UsedFrquDscr: reader.Optional(present, 9)));
        }
        if (!reader.AtEnd)
            throw new InvalidDataException("fee batch: bytes after the last line");
        return lines;
    }

    private static ulong Present(FeeLine line)
    {
        ulong bits = 0;
        void Mark(bool present, int bit) => bits |= present ? 1UL << bit : 0;
        Mark(line.InitFeedetlSn is not null, 0);
        Mark(line.DrordNo is not null, 1);
        Mark(line.MedinsListCodg is not null, 2);
        Mark(line.ChrgitmLv is not null, 3);
        Mark(line.BilgDeptCodg is not null, 4);
        Mark(line.BilgDrCodg is not null, 5);
        Mark(line.HospApprFlag is not null, 6);
        Mark(line.DscgTkdrugFlag is not null, 7);
        Mark(line.PrdDays is not null, 8);
        Mark(line.UsedFrquDscr is not null, 9);
        return bits;
    }

    private static ulong ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    private static int UnZigZag(ulong value) => value > uint.MaxValue
        ? throw new InvalidDataException("fee batch: prd_days out of range")
        : (int)((uint)value >> 1) ^ -(int)((uint)value & 1);

    private ref struct Writer(ArrayBufferWriter<byte> buffer)
    {
        private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);

        public readonly void Byte(byte value)
        {
            buffer.GetSpan(1)[0] = value;
            buffer.Advance(1);
        }

        public readonly void Unsigned(ulong value)
        {
            var span = buffer.GetSpan(10);
            var i = 0;
            for (; value >= 0x80; value >>= 7)
                span[i++] = (byte)(value | 0x80);
            span[i++] = (byte)value;
            buffer.Advance(i);
        }

        /// <summary>0 and the UTF-8 bytes for a text not yet in the batch's table, else its place in the table plus one.</summary>
        public readonly void Text(string value)
        {
            if (_texts.TryGetValue(value, out var index))
            {
                Unsigned((ulong)index + 1);
                return;
            }
            _texts.Add(value, _texts.Count);
            Unsigned(0);
            var length = Encoding.UTF8.GetByteCount(value);
            Unsigned((ulong)length);
            Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
            buffer.Advance(length);
        }

        public readonly void Optional(string? value)
        {
            if (value is not null)
                Text(value);
        }

        public readonly void Decimal(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            Byte((byte)((bits[3] >> 16) & 0xFF | (bits[3] < 0 ? 0x80 : 0))); // scale 0–28, sign in the top bit
            Unsigned((uint)bits[0] | ((ulong)(uint)bits[1] << 32));
            Unsigned((uint)bits[2]);
        }

        public readonly byte[] ToArray() => buffer.WrittenSpan.ToArray();
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private readonly List<string> _texts = [];
        private int _at;

        public readonly bool AtEnd => _at == _bytes.Length;

        public ulong Unsigned()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }
            throw new InvalidDataException($"fee batch: a number at byte {_at} runs past 64 bits");
        }

        public string Text()
        {
            var reference = Unsigned();
            if (reference > 0)
                return reference <= (ulong)_texts.Count ? _texts[(int)reference - 1]
                    : throw new InvalidDataException($"fee batch: text {reference} at byte {_at} is not in the batch's table");
            var length = Unsigned();
            if (length > (ulong)(_bytes.Length - _at))
                throw new InvalidDataException($"fee batch: a text at byte {_at} runs past the end");
            var text = Encoding.UTF8.GetString(_bytes.Slice(_at, (int)length));
            _at += (int)length;
            _texts.Add(text);
            return text;
        }

        public string? Optional(ulong present, int bit) => (present & (1UL << bit)) != 0 ? Text() : null;

        public decimal Decimal()
        {
            var head = Byte();
            var scale = (byte)(head & 0x7F);
            if (scale > 28)
                throw new InvalidDataException($"fee batch: a decimal's scale {scale} at byte {_at} is more than 28");
            var low = Unsigned();
            var high = Unsigned();
            if (high > uint.MaxValue)
                throw new InvalidDataException($"fee batch: a decimal at byte {_at} runs past 96 bits");
            return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)high, (head & 0x80) != 0, scale);
        }

        private byte Byte() => _at < _bytes.Length ? _bytes[_at++] : throw new InvalidDataException("fee batch: ends inside a line");
    }
}
