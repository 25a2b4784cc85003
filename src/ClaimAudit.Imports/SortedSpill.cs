using System.Text.Json;

namespace ClaimAudit.Imports;

/// <summary>
/// An external sort of records by key: records are buffered up to <see cref="ChunkRecords"/>, each full buffer sorted
/// and written to a temporary file, and the files merged. Memory holds one buffer and one record per file, whatever
/// the number of records; the disk holds a copy of the records. Ties keep arrival order (by sequence).
/// </summary>
public sealed class SortedSpill : IDisposable
{
    private readonly List<string> _files = [];
    private readonly List<(string Key, long Sequence, string?[] Values)> _buffer = [];
    private readonly string _directory;
    private long _sequence;

    public SortedSpill(string? temporaryDirectory = null, int chunkRecords = 200_000)
    {
        ChunkRecords = chunkRecords;
        _directory = Path.Combine(temporaryDirectory ?? Path.GetTempPath(), "claimaudit-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public int ChunkRecords { get; }

    public long Count => _sequence;

    public void Add(string key, string?[] values)
    {
        _buffer.Add((key, _sequence++, values));
        if (_buffer.Count >= ChunkRecords)
            Spill();
    }

    /// <summary>Every record, by key (ordinal) then arrival.</summary>
    public IEnumerable<(string Key, string?[] Values)> Sorted()
    {
        if (_files.Count == 0)
        {
            _buffer.Sort(Compare);
            foreach (var (key, _, values) in _buffer)
                yield return (key, values);
            yield break;
        }
        Spill();
        var readers = _files.Select(f => new StreamReader(f)).ToList();
        try
        {
            var heads = new PriorityQueue<(int Reader, (string Key, long Sequence, string?[] Values) Record), (string, long)>(
                Comparer<(string Key, long Sequence)>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key) is var c && c != 0 ? c : a.Sequence.CompareTo(b.Sequence)));
            for (var r = 0; r < readers.Count; r++)
                if (Next(readers[r]) is { } first)
                    heads.Enqueue((r, first), (first.Key, first.Sequence));
            while (heads.TryDequeue(out var head, out _))
            {
                yield return (head.Record.Key, head.Record.Values);
                if (Next(readers[head.Reader]) is { } next)
                    heads.Enqueue((head.Reader, next), (next.Key, next.Sequence));
            }
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
    }

    private static int Compare((string Key, long Sequence, string?[] Values) a, (string Key, long Sequence, string?[] Values) b) =>
        string.CompareOrdinal(a.Key, b.Key) is var c && c != 0 ? c : a.Sequence.CompareTo(b.Sequence);

    private void Spill()
    {
        if (_buffer.Count == 0)
            return;
        _buffer.Sort(Compare);
        var file = Path.Combine(_directory, $"{_files.Count:D5}.ndjson");
        using (var writer = new StreamWriter(file))
            foreach (var (key, sequence, values) in _buffer)
                writer.WriteLine(JsonSerializer.Serialize(new Spilled(key, sequence, values), SpillJson.Default.Spilled));
        _files.Add(file);
        _buffer.Clear();
    }

    private static (string Key, long Sequence, string?[] Values)? Next(StreamReader reader) =>
        reader.ReadLine() is { } line && JsonSerializer.Deserialize(line, SpillJson.Default.Spilled) is { } record
            ? (record.Key, record.Sequence, record.Values)
            : null;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is the operating system's to clean.
        }
    }
}

internal sealed record Spilled(string Key, long Sequence, string?[] Values);

[System.Text.Json.Serialization.JsonSerializable(typeof(Spilled))]
internal sealed partial class SpillJson : System.Text.Json.Serialization.JsonSerializerContext;
