using System.Globalization;

namespace ClaimAudit.Reference.Contracts;

/// <summary>
/// The national interface writes local times as <c>yyyy-MM-dd HH:mm:ss</c> with no zone; dates as
/// <c>yyyy-MM-dd</c>. Parsing and formatting live here only.
/// </summary>
public static class NationalTime
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";
    public const string DateFormat = "yyyy-MM-dd";

    // HIS systems send minutes-only or ISO 'T' forms often enough that refusing them would only push work back to hospitals.
    private static readonly string[] TimeFormats = [TimeFormat, "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", DateFormat];

    public static bool TryParseTime(string? text, out DateTime value) =>
        DateTime.TryParseExact(text?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryParseDate(string? text, out DateOnly value)
    {
        if (DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
            return true;
        if (TryParseTime(text, out var time))
        {
            value = DateOnly.FromDateTime(time);
            return true;
        }
        return false;
    }

    public static string Format(DateTime value) => value.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string Format(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Calendar days from <paramref name="from"/> to <paramref name="to"/> (docs/rules.md: "days between").</summary>
    public static int DaysBetween(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;

    public static DateOnly DateOf(DateTime time) => DateOnly.FromDateTime(time);
}
