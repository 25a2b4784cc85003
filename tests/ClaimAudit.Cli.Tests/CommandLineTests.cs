using System.Text.Json;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Testing;

namespace ClaimAudit.Cli.Tests;

public class CommandLineTests
{
    private static Task<(int Exit, string Output, string Error)> Run(params string[] args) => Claimaudit.RunAsync(args);

    [Fact]
    public async Task Audit_of_the_sample_prints_the_summary_per_rule_kind_and_writes_every_finding()
    {
        var findings = Path.Combine(Path.GetTempPath(), $"claimaudit-{Guid.NewGuid():N}.ndjson");
        try
        {
            var (exit, output, error) = await Run("audit", "samples/episodes.ndjson", "--out", findings);

            Assert.True(exit == 0, error);
            Assert.Contains("Findings by rule kind", output);
            foreach (var kind in GroundTruthKeys.AllKinds)
                Assert.Matches($@"│ {System.Text.RegularExpressions.Regex.Escape(kind)} +│ +[1-9]\d* │", output);
            var truth = GroundTruthKeys.FromCsv(Path.Combine(BuiltHost.RepositoryRoot, "samples", "episodes.truth.csv"));
            var written = File.ReadAllLines(findings).Select(l => JsonSerializer.Deserialize<Finding>(l, NationalJson.Options)!);
            Assert.Equal(truth, GroundTruthKeys.Of(written));
            Assert.Contains("NOTHING IS DURABLE", error);
        }
        finally
        {
            File.Delete(findings);
        }
    }

    [Fact]
    public async Task Rules_check_lists_every_rule_set_and_knowledge_file()
    {
        var (exit, output, error) = await Run("rules", "check");

        Assert.True(exit == 0, error);
        Assert.Contains("2026.11.1+330100.1", output);
        Assert.Contains("knowledge/nhsa/b7-service-duplicate-pairs.csv: charge-pairs, 900 rows", output);
    }

    [Fact]
    public async Task Rules_check_of_a_broken_folder_names_file_and_line()
    {
        var root = Directory.CreateTempSubdirectory("claimaudit-broken-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "rulesets"));
            await File.WriteAllTextAsync(Path.Combine(root, "rulesets", "national.yaml"), "version: x\nrules:\n  - id: A\n    kind: limit.sex\n    severity: sometimes\n");

            var (exit, _, error) = await Run("rules", "check", "--rules", root);

            Assert.Equal(1, exit);
            Assert.Contains("rulesets/national.yaml:3:", error);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Audit_of_a_missing_file_fails_with_a_clear_message()
    {
        var (exit, _, error) = await Run("audit", "no-such-file.ndjson");

        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }
}
