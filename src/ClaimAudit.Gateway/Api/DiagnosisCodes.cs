using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.Api;

/// <summary>The ICD-10 医保版 catalogue incoming diagnoses are checked against (from <c>rules/knowledge/</c>), if shipped.</summary>
public sealed class DiagnosisCodes(IOptions<ClaimAuditOptions> options)
{
    private readonly Lazy<Icd10Catalogue?> _catalogue = new(() =>
    {
        var root = RuleSetLoader.LocateRulesRoot(options.Value.RulesPath);
        var path = Directory.EnumerateFiles(Path.Combine(root, "knowledge"), Icd10Catalogue.FileName, SearchOption.AllDirectories).FirstOrDefault();
        return path is null ? null : Icd10Catalogue.Load(path);
    });

    public Icd10Catalogue? Catalogue => _catalogue.Value;
}
