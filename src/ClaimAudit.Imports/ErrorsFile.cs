using System.Text;

namespace ClaimAudit.Imports;

/// <summary><c>errors.csv</c>: one refused record per row — file, line, column, value, reason — UTF-8 with a BOM so spreadsheet programs read the Chinese.</summary>
public sealed class ErrorsFile : IDisposable
{
    private readonly StreamWriter _writer;

    public ErrorsFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(true));
        _writer.WriteLine("file,line,column,value,reason");
    }

    public long Count { get; private set; }

    public void Write(ImportError error)
    {
        Count++;
        _writer.WriteLine(string.Join(',', Quote(error.File), error.Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Quote(error.Column), Quote(error.Value), Quote(error.Reason)));
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";

    public void Dispose() => _writer.Dispose();
}
