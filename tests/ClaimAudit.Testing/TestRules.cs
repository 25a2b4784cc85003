namespace ClaimAudit.Testing;

/// <summary>
/// The shipped rules/ copied to a temporary folder, plus one region (990100) where the sex limit is <c>suspicious</c>:
/// its findings have an amount, so a review decision on one changes the deduction (every suspicious kind of the
/// national set has amount 0 by definition).
/// </summary>
public sealed class TestRules
{
    public const string SuspiciousRegion = "990100";

    public TestRules()
    {
        Copy(System.IO.Path.Combine(BuiltHost.RepositoryRoot, "rules"), Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "regions", SuspiciousRegion + ".yaml"), $"""
            admdvs: "{SuspiciousRegion}"
            version: "test+{SuspiciousRegion}.1"
            name: 测试地区（限定性别为可疑）
            rules:
              - id: NHSA-XB-01
                severity: suspicious
            """);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"claimaudit-rules-{Guid.NewGuid():N}");

    public void Delete() => Directory.Delete(Path, recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }
}
