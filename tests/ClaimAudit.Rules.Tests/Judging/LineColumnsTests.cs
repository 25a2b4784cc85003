using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using CsCheck;

namespace ClaimAudit.Rules.Tests.Judging;

public class LineColumnsTests
{
    private static readonly Gen<decimal> AnyDecimal = Gen.Select(Gen.Int, Gen.Int, Gen.Int.Select(i => i % 4 == 0 ? i : 0), Gen.Bool, Gen.Byte[0, 28],
        (lo, mid, hi, negative, scale) => new decimal(lo, mid, hi, negative, scale));

    [Fact]
    public void A_count_price_or_amount_comes_back_as_the_same_decimal_to_the_bit_whatever_its_size_scale_or_sign()
    {
        Gen.Select(AnyDecimal, AnyDecimal, AnyDecimal).Sample((cnt, pric, amount) =>
        {
            var line = LineColumns.Single(new FeeLine("1", new DateTime(2026, 3, 1), "C", "09", 1, pric, 1), cnt, amount);
            return Bits(line.Cnt) == Bits(cnt) && Bits(line.Pric) == Bits(pric) && Bits(line.Amount) == Bits(amount);
        }, iter: 20_000);
        Assert.Equal(Bits(-0.00m), Bits(LineColumns.Single(new FeeLine("1", new DateTime(2026, 3, 1), "C", "09", 1, 1, 1), -0.00m, 0).Cnt));
    }

    private const decimal Beyond64Bits = 1_180_591_620_717_411_303_424m; // 2^70

    [Fact]
    public void A_refund_folded_in_leaves_a_value_that_no_longer_fits_and_one_that_fits_again_both_exact()
    {
        var columns = new LineColumns();
        var row = columns.Add(new FeeLine("1", new DateTime(2026, 3, 1), "C", "09", 3.5m, 2m, 7.00m));
        columns.Fold(row, new FeeLine("R1", new DateTime(2026, 3, 1), "C", "09", Beyond64Bits, 2m, -7.00m, InitFeedetlSn: "1"));
        Assert.Equal(Beyond64Bits + 3.5m, columns[row].Cnt);
        Assert.Equal("0.00", columns[row].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        columns.Fold(row, new FeeLine("R2", new DateTime(2026, 3, 1), "C", "09", -(Beyond64Bits), 2m, 0m, InitFeedetlSn: "1"));
        Assert.Equal(3.5m, columns[row].Cnt);
    }

    [Fact]
    public void Every_added_serial_is_found_at_its_row_with_its_fields_and_no_other_serial_is_found()
    {
        // Up to 700 lines: across the small blocks and several of the full ones.
        Gen.String[Gen.Char.AlphaNumeric, 1, 6].Array[0, 700].Sample(drawn =>
        {
            var serials = drawn.Distinct(StringComparer.Ordinal).ToList();
            var columns = new LineColumns();
            for (var i = 0; i < serials.Count; i++)
            {
                // Room made at once for more lines, before any and with some held (as a rebuild from a log does), changes nothing found.
                if (i == serials.Count / 2 && i % 2 == 0)
                    columns.EnsureCapacity(serials.Count + i);
                Assert.Equal(i, columns.Add(new FeeLine(serials[i], new DateTime(2026, 3, 1).AddMinutes(i), "C" + i, "09", i, 1, i, PrdDays: i % 3 == 0 ? null : i)));
            }
            Assert.Equal(serials.Count, columns.Count);
            for (var i = 0; i < serials.Count; i++)
            {
                Assert.Equal(i, columns.RowOf(serials[i]));
                var line = columns[i];
                Assert.Equal((serials[i], "C" + i, new DateTime(2026, 3, 1).AddMinutes(i), (decimal)i, i % 3 == 0 ? null : (int?)i),
                    (line.Sn, line.Code, line.FeeOcurTime, line.Cnt, line.PrdDays));
            }
            Assert.Equal(-1, columns.RowOf("not-a-serial-drawn"));
            Assert.Equal(-1, columns.RowOf(""));
        }, iter: 300);
    }

    [Fact]
    public void A_serial_of_any_text_is_found_at_its_row_read_back_as_given_and_ordered_as_strings_are()
    {
        // Short ASCII serials are kept as bytes; others (any character, longer than the bytes hold, empty) as text.
        var serial = Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 1, 30], Gen.String[Gen.Char, 0, 12], Gen.String[Gen.Char['0', '9'], 120, 140],
            Gen.String[Gen.Char.AlphaNumeric, 1, 4].Select(s => s + "号"));
        serial.Array[0, 300].Sample(drawn =>
        {
            var serials = drawn.Distinct(StringComparer.Ordinal).ToList();
            var columns = new LineColumns();
            foreach (var sn in serials)
                columns.Add(new FeeLine(sn, new DateTime(2026, 3, 1), "C", "09", 1, 1, 1));
            for (var row = 0; row < serials.Count; row++)
                if (columns.RowOf(serials[row]) != row || columns[row].Sn != serials[row])
                    return false;
            // Lines at the same time are ordered by serial exactly as the strings are, bytes or text.
            var ordered = Enumerable.Range(0, serials.Count).Select(row => columns[row]).Order(NetLine.TimeOrder).Select(l => l.Sn);
            return ordered.SequenceEqual(serials.Order(StringComparer.Ordinal))
                && columns.RowOf("\u0001never-drawn") == -1 && (serials.Contains("x") || columns.RowOf("x") == -1);
        }, iter: 500);
    }

    [Fact]
    public void Codes_with_no_shared_number_are_kept_by_the_columns_and_read_back_as_given()
    {
        // SharedText numbers no text past its bound; the columns then keep the text itself, by row and field.
        var columns = new LineColumns(digests: true, text => text is null ? SharedText.None : SharedText.NotShared);
        var lines = Enumerable.Range(0, 300).Select(i => new FeeLine($"sn{i}", new DateTime(2026, 3, 1).AddMinutes(i), $"code-{i % 37}", $"{i % 15:00}", 1, 1, 1,
            ChrgitmLv: i % 4 == 0 ? null : $"0{i % 3 + 1}", BilgDeptCodg: i % 5 == 0 ? null : $"dept-{i}")).ToList();
        foreach (var line in lines)
            columns.Add(line);
        var rules = TestData.ShippedRuleSet;
        for (var row = 0; row < lines.Count; row++)
        {
            var (given, kept) = (lines[row], columns[row]);
            Assert.Equal(SharedText.NotShared, kept.CodeId);
            Assert.Equal((given.MedListCodg, given.MedChrgitmType, given.ChrgitmLv, given.BilgDeptCodg), (kept.Code, kept.MedChrgitmType, kept.ChrgitmLv, kept.BilgDeptCodg));
            Assert.Equal(rules.For(given.MedListCodg), rules.For(kept));
        }
    }

    private static (int, int, int, int) Bits(decimal value)
    {
        var bits = decimal.GetBits(value);
        return (bits[0], bits[1], bits[2], bits[3]);
    }
}
