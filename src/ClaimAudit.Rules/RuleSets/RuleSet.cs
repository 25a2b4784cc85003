using System.Collections.Frozen;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Knowledge;

namespace ClaimAudit.Rules.RuleSets;

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
        (_anyCode, _byCode) = CompileCodes();
    }

    private readonly CodeRules _anyCode;
    private readonly FrozenDictionary<string, CodeRules> _byCode;
    // The same answers by the code's number in SharedText, learnt as codes are met: a code's rules are then two array
    // reads rather than a hash of its text. A slot holds 1 + the answer's place among the distinct answers (0: not
    // learnt yet), one int, so a reader never sees half an answer.
    private int[] _byId = [];
    private CodeRules[] _answers = [];
    private readonly Lock _growing = new();

    public string Version { get; }
    public string Name { get; }
    public IReadOnlyList<IRule> Rules { get; }
    public KnowledgeBase Knowledge { get; }
    public IReadOnlyList<ILineRule> LineRules { get; }
    public IReadOnlyList<IEpisodeRule> EpisodeRules { get; }
    public IReadOnlyList<IPersonRule> PersonRules { get; }
    public IReadOnlyList<IInstitutionRule> InstitutionRules { get; }

    /// <summary>The rules that read a line of this code (<see cref="IRule.Codes"/>): one lookup per line instead of one per rule.</summary>
    public CodeRules For(string code) => _byCode.TryGetValue(code, out var named) ? named : _anyCode;

    /// <summary><see cref="For(string)"/> of a line's code, found by the code's number once it has been met.</summary>
    public CodeRules For(NetLine line)
    {
        var id = line.CodeId;
        var byId = Volatile.Read(ref _byId);
        return (uint)id < (uint)byId.Length && Volatile.Read(ref byId[id]) is > 0 and var known ? Volatile.Read(ref _answers)[known - 1] : Learn(id, line.Code);
    }

    private CodeRules Learn(int id, string code)
    {
        var rules = For(code);
        if (id <= SharedText.None)
            return rules;
        lock (_growing)
        {
            var answers = _answers;
            var answer = Array.IndexOf(answers, rules);
            if (answer < 0)
            {
                // Answers only grow, and are in place before any slot names them.
                answer = answers.Length;
                Array.Resize(ref answers, answer + 1);
                answers[answer] = rules;
                Volatile.Write(ref _answers, answers);
            }
            var byId = _byId;
            if (id >= byId.Length)
            {
                Array.Resize(ref byId, Math.Max(id + 1, 2 * byId.Length));
                Volatile.Write(ref _byId, byId);
            }
            Volatile.Write(ref byId[id], answer + 1); // after the answer it names
        }
        return rules;
    }

    private (CodeRules Any, FrozenDictionary<string, CodeRules> ByCode) CompileCodes()
    {
        if (Rules.Count > 64)
            return (new CodeRules(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue), FrozenDictionary<string, CodeRules>.Empty);
        var byCode = new Dictionary<string, CodeRules>(StringComparer.Ordinal);
        ulong Unrestricted<T>(IReadOnlyList<T> rules, Func<CodeRules, ulong, CodeRules> with) where T : IRule
        {
            var any = 0UL;
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].Codes is not { } codes)
                {
                    any |= 1UL << i;
                    continue;
                }
                foreach (var code in codes)
                    byCode[code] = with(byCode.GetValueOrDefault(code), 1UL << i);
            }
            return any;
        }
        var anyCode = new CodeRules(
            Unrestricted(LineRules, (c, bit) => c with { Line = c.Line | bit }),
            Unrestricted(EpisodeRules, (c, bit) => c with { Episode = c.Episode | bit }),
            Unrestricted(Rules, (c, bit) => c with { Any = c.Any | bit }));
        return (anyCode, byCode.ToFrozenDictionary(kv => kv.Key, kv => new CodeRules(kv.Value.Line | anyCode.Line, kv.Value.Episode | anyCode.Episode, kv.Value.Any | anyCode.Any), StringComparer.Ordinal));
    }
}

/// <summary>The rules of a set that read lines of one code, as bits by index: in <see cref="RuleSet.LineRules"/>, <see cref="RuleSet.EpisodeRules"/> and <see cref="RuleSet.Rules"/>.</summary>
public readonly record struct CodeRules(ulong Line, ulong Episode, ulong Any)
{
    public static bool Has(ulong rules, int index) => (rules & (1UL << index)) != 0;
}
