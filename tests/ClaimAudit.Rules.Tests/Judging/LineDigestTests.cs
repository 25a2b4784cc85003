using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using CsCheck;

namespace ClaimAudit.Rules.Tests.Judging;

public class LineDigestTests
{
    // Few values per field, so that two drawn lines are often equal and often differ in one field only.
    private static readonly Gen<string?> Text = Gen.OneOf<string?>(null, "", "a", "ab", "b", "ba", "化验");
    private static readonly Gen<decimal> Number = Gen.OneOf(0m, 0.0m, -0.00m, 1m, 1.0m, 1.00m, 2.5m, 2.50m, -1m, 12.34m);
    private static readonly Gen<DateTime> Time = Gen.OneOf(new DateTime(2026, 3, 1, 8, 0, 0), new DateTime(2026, 3, 1, 8, 0, 1), new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc));

    private static readonly Gen<FeeLine> Line = Gen.Select(
        Gen.Select(Gen.OneOf("1", "2"), Time, Gen.OneOf("C1", "C2"), Gen.OneOf("01", "09"), Number, Number, Number),
        Gen.Select(Text, Text, Text, Text, Text, Text),
        Gen.Select(Text, Text, Gen.OneOf<int?>(null, 0, 7), Text),
        (a, b, c) => new FeeLine(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7,
            b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, c.Item1, c.Item2, c.Item3, c.Item4));

    [Fact]
    public void Two_lines_have_one_digest_exactly_when_they_are_equal_records()
    {
        // The second line is the first written again (numbers at another scale), with at most one field from another line.
        Gen.Select(Line, Line, Gen.Int[0, 17], Gen.Int[0, 3]).Sample((a, other, field, scale) =>
        {
            var b = Rescaled(Take(a, other, field), scale);
            return (a == b) == (LineDigest.Of(a) == LineDigest.Of(b));
        }, iter: 20_000);
    }

    [Fact]
    public void Amounts_of_any_size_and_scale_have_one_digest_exactly_when_they_are_equal()
    {
        var line = new FeeLine("1", new DateTime(2026, 3, 1, 8, 0, 0), "C1", "09", 1m, 1m, 1m);
        // Any decimal, and one written again with trailing zeros (where they fit), or moved by one unit in its last place.
        var amount = Gen.OneOf(Gen.Decimal, Gen.Long.Select(l => (decimal)l), Gen.Select(Gen.Long, Gen.Byte[0, 28], (l, s) => new decimal((int)l, (int)(l >> 32), (int)(l >> 16), l < 0, s)));
        Gen.Select(amount, Gen.Int[0, 6], Gen.Bool).Sample((a, zeros, moved) =>
        {
            var b = moved ? Moved(a) : WithZeros(a, zeros);
            return (a == b) == (LineDigest.Of(line with { Cnt = a }) == LineDigest.Of(line with { Cnt = b }));
        }, iter: 50_000);
    }

    private static decimal Moved(decimal value)
    {
        var unit = new decimal(1, 0, 0, false, (byte)value.Scale);
        return value > 0 ? value - unit : value + unit;
    }

    private static decimal WithZeros(decimal value, int zeros)
    {
        try
        {
            var written = value;
            for (var i = 0; i < zeros && written.Scale < 28; i++)
                written *= 1.0m;
            return written;
        }
        catch (OverflowException)
        {
            return value;
        }
    }

    private static FeeLine Rescaled(FeeLine line, int zeros)
    {
        var one = zeros switch { 0 => 1m, 1 => 1.0m, 2 => 1.00m, _ => 1.000m };
        return line with { Cnt = line.Cnt * one, Pric = line.Pric * one, DetItemFeeSumamt = line.DetItemFeeSumamt * one };
    }

    private static FeeLine Take(FeeLine a, FeeLine b, int field) => field switch
    {
        0 => a with { FeedetlSn = b.FeedetlSn },
        1 => a with { FeeOcurTime = b.FeeOcurTime },
        2 => a with { MedListCodg = b.MedListCodg },
        3 => a with { MedChrgitmType = b.MedChrgitmType },
        4 => a with { Cnt = b.Cnt },
        5 => a with { Pric = b.Pric },
        6 => a with { DetItemFeeSumamt = b.DetItemFeeSumamt },
        7 => a with { InitFeedetlSn = b.InitFeedetlSn },
        8 => a with { DrordNo = b.DrordNo },
        9 => a with { MedinsListCodg = b.MedinsListCodg },
        10 => a with { ChrgitmLv = b.ChrgitmLv },
        11 => a with { BilgDeptCodg = b.BilgDeptCodg },
        12 => a with { BilgDrCodg = b.BilgDrCodg },
        13 => a with { HospApprFlag = b.HospApprFlag },
        14 => a with { DscgTkdrugFlag = b.DscgTkdrugFlag },
        15 => a with { PrdDays = b.PrdDays },
        16 => a with { UsedFrquDscr = b.UsedFrquDscr },
        _ => a,
    };

    [Fact]
    public void A_line_and_a_copy_with_one_field_changed_have_different_digests()
    {
        var line = new FeeLine("1", new DateTime(2026, 3, 1, 8, 0, 0), "C1", "09", 1m, 2.5m, 2.5m, null, "D1", "M1", "01", "0101", "DR1", "1", "0", 7, "qd");
        var digest = LineDigest.Of(line);
        FeeLine[] changed =
        [
            line with { FeedetlSn = "2" }, line with { FeeOcurTime = line.FeeOcurTime.AddTicks(1) }, line with { MedListCodg = "C2" },
            line with { MedChrgitmType = "01" }, line with { Cnt = 2m }, line with { Pric = 2.51m }, line with { DetItemFeeSumamt = -2.5m },
            line with { InitFeedetlSn = "0" }, line with { DrordNo = null }, line with { MedinsListCodg = "" }, line with { ChrgitmLv = "02" },
            line with { BilgDeptCodg = "0102" }, line with { BilgDrCodg = "DR2" }, line with { HospApprFlag = "0" },
            line with { DscgTkdrugFlag = null }, line with { PrdDays = null }, line with { UsedFrquDscr = "bid" },
            // Adjacent texts must not read alike when a character moves from one to the next.
            line with { DrordNo = "D", MedinsListCodg = "1M1" },
        ];

        Assert.All(changed, other => Assert.NotEqual(digest, LineDigest.Of(other)));
        Assert.Equal(digest, LineDigest.Of(line with { Cnt = 1.000m, Pric = 2.50m }));
    }
}
