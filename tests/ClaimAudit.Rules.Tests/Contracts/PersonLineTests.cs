using ClaimAudit.Rules.Contracts;
using CsCheck;

namespace ClaimAudit.Rules.Tests.Contracts;

public class PersonLineTests
{
    // Scales and signs that must survive, and values whose coefficient needs all 96 bits (kept on the side).
    private static readonly Gen<decimal> Number = Gen.OneOf(
        Gen.OneOf(0m, 0.0m, -0.00m, 1m, 1.0m, 1.50m, -2.5m, 12.3400m, 0.0001m, decimal.MaxValue, decimal.MinValue, 79228162514264337593543950.335m),
        Gen.Decimal);

    private static readonly Gen<((string, string, string, string, string), (DateTime, decimal, decimal, decimal, int?, string))> Values = Gen.Select(
        Gen.Select(Gen.OneOf("H1", "医院"), Gen.OneOf("M1", "M2"), Gen.OneOf("1", "2"), Gen.OneOf("C1", "C2"), Gen.OneOf("09", "11")),
        Gen.Select(Gen.DateTime, Number, Number, Number, Gen.OneOf<int?>(null, 0, -3, 7, int.MaxValue), Gen.OneOf("21", "11")));

    private static readonly Gen<PersonLine> Line = Values.Select(v => Made(v.Item1, v.Item2));

    private static PersonLine Made((string, string, string, string, string) a, (DateTime, decimal, decimal, decimal, int?, string) b) =>
        new(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6);

    [Fact]
    public void A_person_line_reads_back_every_value_it_was_given_to_the_bit()
    {
        Values.Sample(v =>
            {
                var (a, b) = v;
                var line = Made(a, b);
                return (line.FixmedinsCode, line.MdtrtId, line.FeedetlSn, line.MedListCodg, line.MedChrgitmType, line.FeeOcurTime, line.PrdDays, line.MedType)
                    == (a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item5, b.Item6)
                    && Bits(line.Cnt) == Bits(b.Item2) && Bits(line.Pric) == Bits(b.Item3) && Bits(line.Amount) == Bits(b.Item4)
                    && line.EpisodeKey == EpisodeKey.Of(a.Item1, a.Item2);
            }, iter: 20_000);
    }

    [Fact]
    public void A_line_made_with_new_numbers_leaves_the_line_it_came_from_as_it_was()
    {
        Gen.Select(Line, Number, Number).Sample((line, cnt, amount) =>
        {
            var (wasCnt, wasPric, wasAmount) = (Bits(line.Cnt), Bits(line.Pric), Bits(line.Amount));
            var now = line with { Cnt = cnt, Amount = amount };
            return Bits(now.Cnt) == Bits(cnt) && Bits(now.Amount) == Bits(amount) && Bits(now.Pric) == wasPric
                && Bits(line.Cnt) == wasCnt && Bits(line.Pric) == wasPric && Bits(line.Amount) == wasAmount;
        }, iter: 20_000);
    }

    [Fact]
    public void Two_lines_are_equal_exactly_when_their_values_are()
    {
        // Often the same line again (numbers at another scale, which compare equal as decimals), often one field apart.
        Gen.Select(Line, Line, Gen.Int[0, 10]).Sample((a, other, field) =>
        {
            var b = field switch
            {
                0 => new PersonLine(other.FixmedinsCode, a.MdtrtId, a.FeedetlSn, a.MedListCodg, a.MedChrgitmType, a.FeeOcurTime, a.Cnt, a.Pric, a.Amount, a.PrdDays, a.MedType),
                1 => new PersonLine(a.FixmedinsCode, a.MdtrtId, a.FeedetlSn, a.MedListCodg, a.MedChrgitmType, a.FeeOcurTime, a.Cnt, a.Pric, a.Amount, a.PrdDays, other.MedType),
                2 => a with { FeedetlSn = other.FeedetlSn },
                3 => a with { FeeOcurTime = other.FeeOcurTime },
                4 => a with { Cnt = other.Cnt },
                5 => a with { Pric = other.Pric },
                6 => a with { PrdDays = other.PrdDays },
                7 => a with { MedListCodg = other.MedListCodg },
                _ => a with { Cnt = a.Cnt * 1.00m, Amount = a.Amount },
            };
            var same = a.FixmedinsCode == b.FixmedinsCode && a.MdtrtId == b.MdtrtId && a.MedType == b.MedType && a.FeedetlSn == b.FeedetlSn
                && a.MedListCodg == b.MedListCodg && a.MedChrgitmType == b.MedChrgitmType && a.FeeOcurTime == b.FeeOcurTime
                && a.Cnt == b.Cnt && a.Pric == b.Pric && a.Amount == b.Amount && a.PrdDays == b.PrdDays;
            return (a == b) == same && (!same || a.GetHashCode() == b.GetHashCode());
        }, iter: 20_000);
    }

    private static (int, int, int, int) Bits(decimal value)
    {
        var bits = decimal.GetBits(value);
        return (bits[0], bits[1], bits[2], bits[3]);
    }
}
