using ClaimAudit.Grains.Storage;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Testing.Storage;
using CsCheck;

namespace ClaimAudit.Persistence.Tests;

public class FeeBatchFormatTests
{
    private static readonly Gen<FeeLine> AnyLine = Gen.Select(StateGenerators.FeeLine, StateGenerators.Time, (line, time) => line with { FeeOcurTime = time });

    [Fact]
    public void Every_batch_of_lines_reads_back_exactly_with_every_tick_decimal_scale_null_and_empty_text()
    {
        AnyLine.Array[0, 40].Sample(lines =>
        {
            var decoded = FeeBatchFormat.Decode(FeeBatchFormat.Encode(lines));
            Assert.Null(Equivalence.FirstDifference(lines.ToList(), decoded, exactScale: true));
            Assert.Equal(lines.Select(l => l.FeeOcurTime.Ticks), decoded.Select(l => l.FeeOcurTime.Ticks));
        }, iter: 2_000);
    }

    [Fact]
    public void Extremes_read_back_as_they_were()
    {
        FeeLine[] lines =
        [
            new("", DateTime.MinValue, "", "", decimal.MaxValue, decimal.MinValue, -0.0000000000000000000000000001m,
                "", "", "", "", "", "", "", "", int.MinValue, ""),
            new("𠀀\0\n", DateTime.MaxValue, "码", "码", 0.00m, -1.50m, 79228162514264337593543950335m, PrdDays: int.MaxValue),
            new("𠀀\0\n", DateTime.MaxValue, "码", "码", 0m, 1.5m, 0.0m, PrdDays: 0),
        ];

        var decoded = FeeBatchFormat.Decode(FeeBatchFormat.Encode(lines));

        Assert.Null(Equivalence.FirstDifference(lines.ToList(), decoded, exactScale: true));
        Assert.Equal(["-0.0000000000000000000000000001", "79228162514264337593543950335", "0.0"], decoded.Select(l => l.DetItemFeeSumamt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["", null, null], decoded.Select(l => l.UsedFrquDscr));
    }

    [Fact]
    public void A_batch_written_by_hand_in_format_1_reads_as_the_format_says()
    {
        byte[] bytes =
        [
            1, // format
            2, // lines
            // line 1: optional fields present = bilg_dept_codg (bit 4) and prd_days (bit 8): 0b1_0001_0000 = 272 = 0x90 0x02
            0x90, 0x02,
            0, 1, (byte)'1', // feedetl_sn "1", a new text (table index 0)
            .. Varint(new DateTime(2026, 3, 2, 9, 0, 0).Ticks),
            0, 3, (byte)'0', (byte)'0', (byte)'1', // med_list_codg "001"
            0, 2, (byte)'0', (byte)'2', // med_chrgitm_type "02"
            0, 1, 0, // cnt = 1: scale 0, mantissa 1
            2, 0xD0, 0x0F, 0, // pric = 20.00: scale 2, mantissa 2000
            0x82, 0xE8, 0x07, 0, // det_item_fee_sumamt = -10.00: sign and scale 2, mantissa 1000
            0, 3, (byte)'A', (byte)'0', (byte)'3', // bilg_dept_codg "A03"
            14, // prd_days 7, zigzag
            // line 2: init_feedetl_sn present (bit 0); texts sent before are their table index + 1
            1,
            0, 1, (byte)'2', // feedetl_sn "2"
            .. Varint(new DateTime(2026, 3, 2, 10, 0, 0).Ticks),
            2, 3, // med_list_codg = text 1 ("001"), med_chrgitm_type = text 2 ("02")
            0x80, 1, 0, // cnt = -1
            2, 0xD0, 0x0F, 0,
            0x82, 0xD0, 0x0F, 0, // -20.00
            1, // init_feedetl_sn = text 0 ("1")
        ];

        var lines = FeeBatchFormat.Decode(bytes);

        Assert.Equal(
            [
                new FeeLine("1", new DateTime(2026, 3, 2, 9, 0, 0), "001", "02", 1, 20.00m, -10.00m, BilgDeptCodg: "A03", PrdDays: 7),
                new FeeLine("2", new DateTime(2026, 3, 2, 10, 0, 0), "001", "02", -1, 20.00m, -20.00m, InitFeedetlSn: "1"),
            ], lines);
        Assert.Equal("20.00", lines[0].Pric.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(bytes, FeeBatchFormat.Encode(lines));
    }

    [Fact]
    public void Bytes_that_are_not_a_batch_are_refused_with_where_and_why_never_misread()
    {
        var encoded = FeeBatchFormat.Encode(AnyLine.Array[1, 5].Single());
        for (var cut = 0; cut < encoded.Length; cut++)
            Assert.Throws<InvalidDataException>(() => FeeBatchFormat.Decode(encoded.AsSpan(0, cut)));
        Assert.Contains("format 9", Assert.Throws<InvalidDataException>(() => FeeBatchFormat.Decode([9, 0])).Message);
        Assert.Contains("after the last line", Assert.Throws<InvalidDataException>(() => FeeBatchFormat.Decode([.. encoded, 0])).Message);
        Assert.Contains("not in the batch's table", Assert.Throws<InvalidDataException>(() => FeeBatchFormat.Decode([1, 1, 0, 5])).Message);

        // Any byte changed: the batch reads as some lines or is refused as not a batch, never another exception.
        Gen.Select(Gen.Int[0, encoded.Length - 1], Gen.Byte).Sample((at, value) =>
        {
            var changed = encoded.ToArray();
            changed[at] = value;
            try
            {
                FeeBatchFormat.Decode(changed);
            }
            catch (InvalidDataException)
            {
            }
        }, iter: 5_000);
    }

    private static byte[] Varint(long value)
    {
        var bytes = new List<byte>();
        var v = (ulong)value;
        for (; v >= 0x80; v >>= 7)
            bytes.Add((byte)(v | 0x80));
        bytes.Add((byte)v);
        return [.. bytes];
    }
}
