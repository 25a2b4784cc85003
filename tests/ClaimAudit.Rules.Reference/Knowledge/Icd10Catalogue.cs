namespace ClaimAudit.Reference.Knowledge;

/// <summary>
/// The ICD-10 医保版 2.0 diagnosis codes (<c>code name</c> per line). Incoming <c>diag_code</c> values and the
/// curated diagnosis restrictions are checked against it.
/// </summary>
public sealed class Icd10Catalogue
{
    private readonly Dictionary<string, string> _names;
    private readonly string[] _sorted;

    public Icd10Catalogue(IEnumerable<(string Code, string Name)> codes)
    {
        _names = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, name) in codes)
            _names.TryAdd(code, name);
        _sorted = _names.Keys.Select(k => k.ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray();
    }

    public const string FileName = "ICD_ZD_INFO.dat";

    public int Count => _names.Count;

    public static Icd10Catalogue Load(string path) => new(File.ReadLines(path)
        .Where(line => line.Length > 0)
        .Select(line => line.Split(' ', 2))
        .Select(parts => (parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : "")));

    public bool IsKnown(string code) => _names.ContainsKey(code);

    public string? NameOf(string code) => _names.GetValueOrDefault(code);

    /// <summary>Whether any code starts with the prefix (a category such as <c>I63</c> or a chapter letter).</summary>
    public bool HasPrefix(string prefix)
    {
        var upper = prefix.ToUpperInvariant();
        var index = Array.BinarySearch(_sorted, upper, StringComparer.Ordinal);
        if (index >= 0)
            return true;
        index = ~index;
        return index < _sorted.Length && _sorted[index].StartsWith(upper, StringComparison.Ordinal);
    }
}
