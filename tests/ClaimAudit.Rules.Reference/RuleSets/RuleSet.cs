using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.Kinds;
using ClaimAudit.Reference.Knowledge;

namespace ClaimAudit.Reference.RuleSets;

/// <summary>A loaded, compiled rule set: its version, its rules (by scope) and the knowledge they use.</summary>
public sealed class RuleSet
{
    public RuleSet(string version, string name, IReadOnlyList<IRule> rules, KnowledgeBase knowledge)
    {
        Version = version;
        Name = name;
        Rules = rules;
        Knowledge = knowledge;
        LineRules = rules.OfType<ILineRule>().ToList();
        EpisodeRules = rules.OfType<IEpisodeRule>().ToList();
        PersonRules = rules.OfType<IPersonRule>().ToList();
        InstitutionRules = rules.OfType<IInstitutionRule>().ToList();
    }

    public string Version { get; }
    public string Name { get; }
    public IReadOnlyList<IRule> Rules { get; }
    public KnowledgeBase Knowledge { get; }
    public IReadOnlyList<ILineRule> LineRules { get; }
    public IReadOnlyList<IEpisodeRule> EpisodeRules { get; }
    public IReadOnlyList<IPersonRule> PersonRules { get; }
    public IReadOnlyList<IInstitutionRule> InstitutionRules { get; }
}
