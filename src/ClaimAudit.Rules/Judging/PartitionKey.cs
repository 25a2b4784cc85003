namespace ClaimAudit.Rules.Judging;

/// <summary>
/// Which lines one rule judges together, without a string built per line and rule: an item's code (the line's own
/// string), and numbers — a day, a minute, a pair's index — and, for identical lines, a count and a price in
/// ten-thousandths. <see cref="Whole"/> is the partition of every line a rule looks at (a stay's bed fees, a person's episodes).
/// </summary>
public readonly record struct PartitionKey(string? Code, long Number = 0, long Count = 0, long Price = 0)
{
    public static PartitionKey Whole => default;

    public static PartitionKey OfCode(string code) => new(code);

    public static PartitionKey OfNumber(long number) => new(null, number);

    /// <summary>
    /// A quantity rounded to four decimals, in ten-thousandths. The national lengths (16 digits, 4 of them decimal)
    /// stay far inside a long; a larger value saturates, so such values compare equal to one another.
    /// </summary>
    public static long TenThousandths(decimal value)
    {
        var scaled = decimal.Round(value, 4, MidpointRounding.AwayFromZero) * 10_000m;
        return scaled >= long.MaxValue ? long.MaxValue : scaled <= long.MinValue ? long.MinValue : (long)scaled;
    }
}
