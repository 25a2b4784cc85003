using System.Text;
using Sylvan.Data.Csv;

namespace ClaimAudit.Imports;

/// <summary>One refused record of an extract: the file, its line, the column and value at fault, and why.</summary>
public sealed record ImportError(string File, long Line, string? Column, string? Value, string Reason);

/// <summary>
/// One table of a platform extract (<c>MDTRT_D</c>, <c>FEE_LIST_D</c>, <c>SETL_LIST_DIAG_D</c>) as a CSV file: columns
/// matched by name in any case and order (unknown ones ignored), RFC 4180 quoting (commas, quotes and line breaks in
/// fields, CRLF), UTF-8 with or without BOM or GBK/GB18030, detected or forced.
/// </summary>
public sealed class ExtractTable
{
    public const string Episodes = "MDTRT_D", FeeLines = "FEE_LIST_D", Diagnoses = "SETL_LIST_DIAG_D";

    private ExtractTable(string name, FileInfo file) => (Name, File) = (name, file);

    public string Name { get; }

    public FileInfo File { get; }

    /// <summary>The three tables of <paramref name="directory"/> (<c>MDTRT_D.csv</c> …, names in any case); a missing one is named.</summary>
    public static (IReadOnlyDictionary<string, ExtractTable> Tables, string? Missing) Find(DirectoryInfo directory)
    {
        var files = directory.Exists ? directory.EnumerateFiles("*", SearchOption.TopDirectoryOnly).ToList() : [];
        var tables = new Dictionary<string, ExtractTable>(StringComparer.Ordinal);
        foreach (var name in new[] { Episodes, FeeLines, Diagnoses })
        {
            var file = files.FirstOrDefault(f => string.Equals(f.Name, name + ".csv", StringComparison.OrdinalIgnoreCase));
            if (file is null)
                return (tables, $"{directory.FullName} holds no {name}.csv (names in any case)");
            tables[name] = new ExtractTable(name, file);
        }
        return (tables, null);
    }

    /// <summary>
    /// UTF-8 when the file starts with its BOM or its first 4 MB decode as UTF-8; GB18030 (a superset of GBK) otherwise.
    /// A file whose first 4 MB are plain ASCII and whose later bytes are GBK is read as UTF-8: force <c>--encoding gbk</c>.
    /// </summary>
    public Encoding DetectEncoding()
    {
        using var stream = File.OpenRead();
        var head = new byte[4 * 1024 * 1024];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
            return new UTF8Encoding(false);
        try
        {
            // Not flushed when the file goes on: a character cut by the 4 MB boundary is not an error.
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder().GetCharCount(head, 0, read, flush: read < head.Length);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030;
        }
    }

    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    /// <summary>The encoding a <c>--encoding</c> value names: utf-8, gbk, gb18030 (or null: not one of these).</summary>
    public static Encoding? Named(string name) => name.ToLowerInvariant() switch
    {
        "utf-8" or "utf8" => new UTF8Encoding(false),
        "gbk" or "gb2312" or "gb18030" or "cp936" => Gb18030,
        _ => null,
    };

    /// <summary>
    /// Each record as the values of <paramref name="columns"/> (null where the file has no such column or the field is
    /// empty) with its line: the header is line 1, records follow (a quoted line break does not shift later records).
    /// </summary>
    public IEnumerable<(long Line, string?[] Values)> Read(IReadOnlyList<string> columns, Encoding? encoding = null)
    {
        using var text = new StreamReader(File.FullName, encoding ?? DetectEncoding(), detectEncodingFromByteOrderMarks: true);
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 16 });
        var positions = new int[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            positions[c] = -1;
            for (var i = 0; i < csv.FieldCount; i++)
                if (string.Equals(csv.GetName(i).Trim(), columns[c], StringComparison.OrdinalIgnoreCase))
                    positions[c] = i;
        }
        long line = 1;
        while (csv.Read())
        {
            line++;
            var values = new string?[columns.Count];
            for (var c = 0; c < columns.Count; c++)
                if (positions[c] >= 0 && positions[c] < csv.RowFieldCount && csv.GetString(positions[c]).Trim() is { Length: > 0 } value)
                    values[c] = value;
            yield return (line, values);
        }
    }
}
