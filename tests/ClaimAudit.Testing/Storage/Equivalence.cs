using System.Collections;
using System.Reflection;

namespace ClaimAudit.Testing.Storage;

/// <summary>
/// Structural equality of stored values, independent of any serializer: scalars by value (times by ticks and kind,
/// amounts by value and, unless told otherwise, scale), sequences element by element, dictionaries key by key, objects property by property.
/// Answers the path of the first difference, or null.
/// </summary>
public static class Equivalence
{
    public static string? FirstDifference(object? expected, object? actual, bool exactScale = true, string path = "$")
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        var type = expected.GetType();
        switch (expected)
        {
            case string or bool or int or long or DateOnly or Enum:
                return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
            case decimal amount:
                return actual is decimal other && amount == other && (!exactScale || amount.Scale == other.Scale) ? null : $"{path}: expected {amount}, got {Show(actual)}";
            case DateTime time:
                return actual is DateTime t && t.Ticks == time.Ticks && t.Kind == time.Kind ? null : $"{path}: expected {time:O} ({time.Kind}), got {Show(actual)}";
            case IDictionary dictionary:
                {
                    var right = (IDictionary)actual;
                    if (dictionary.Count != right.Count)
                        return $"{path}: expected {dictionary.Count} entries, got {right.Count}";
                    foreach (DictionaryEntry entry in dictionary)
                        if (!right.Contains(entry.Key))
                            return $"{path}[{entry.Key}]: missing";
                        else if (FirstDifference(entry.Value, right[entry.Key], exactScale, $"{path}[{entry.Key}]") is { } difference)
                            return difference;
                    return null;
                }
            case IEnumerable sequence:
                {
                    var left = sequence.Cast<object?>().ToList();
                    var right = ((IEnumerable)actual).Cast<object?>().ToList();
                    if (left.Count != right.Count)
                        return $"{path}: expected {left.Count} items, got {right.Count}";
                    for (var i = 0; i < left.Count; i++)
                        if (FirstDifference(left[i], right[i], exactScale, $"{path}[{i}]") is { } difference)
                            return difference;
                    return null;
                }
        }
        if (actual.GetType() != type)
            return $"{path}: expected a {type.Name}, got a {actual.GetType().Name}";
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            if (FirstDifference(property.GetValue(expected), property.GetValue(actual), exactScale, $"{path}.{property.Name}") is { } difference)
                return difference;
        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTime t => $"{t:O} ({t.Kind})",
        _ => $"{value} ({value.GetType().Name})",
    };
}
