namespace ClaimAudit.Rules.Knowledge;

/// <summary>The knowledge tables of one rule set, indexed by limit type and national code.</summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<string, Dictionary<string, KnowledgePoint>> _byType;

    public KnowledgeBase(IEnumerable<KnowledgePoint> points, IEnumerable<KnowledgeFile> files, IEnumerable<ChargePair>? pairs = null, Icd10Catalogue? diagnoses = null)
    {
        _byType = new(StringComparer.Ordinal);
        foreach (var point in points)
        {
            if (!_byType.TryGetValue(point.LimitType, out var byCode))
                _byType[point.LimitType] = byCode = new(StringComparer.Ordinal);
            // NHSA repeats a few items across batches; the first published entry stands.
            byCode.TryAdd(point.Code, point);
        }
        Files = files.ToList();
        ChargePairs = pairs?.ToList() ?? [];
        Diagnoses = diagnoses;
    }

    public static KnowledgeBase Empty { get; } = new([], []);

    public IReadOnlyList<KnowledgeFile> Files { get; }

    public IReadOnlyList<ChargePair> ChargePairs { get; }

    /// <summary>ICD-10 医保版 codes, when the rules folder ships them.</summary>
    public Icd10Catalogue? Diagnoses { get; }

    public KnowledgePoint? Find(string limitType, string code) =>
        _byType.TryGetValue(limitType, out var byCode) && byCode.TryGetValue(code, out var point) ? point : null;

    public IReadOnlyCollection<KnowledgePoint> All(string limitType) =>
        _byType.TryGetValue(limitType, out var byCode) ? byCode.Values : [];

    /// <summary>The codes one limit type names (exactly as <see cref="Find"/> matches them).</summary>
    public IReadOnlyCollection<string> CodesOf(string limitType) =>
        _byType.TryGetValue(limitType, out var byCode) ? byCode.Keys : [];

    public int Count(string limitType) => _byType.TryGetValue(limitType, out var byCode) ? byCode.Count : 0;
}

/// <summary>A knowledge file as loaded: its path relative to <c>rules/</c>, its recognised layout and row count.</summary>
public sealed record KnowledgeFile(string Path, string Layout, int Rows);
