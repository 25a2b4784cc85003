namespace ClaimAudit.Reference.Knowledge;

/// <summary>A rules or knowledge file that cannot be used, with the file, the line and the reason.</summary>
public sealed class RulesLoadException(string file, int line, string reason)
    : Exception($"{file}:{line}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
