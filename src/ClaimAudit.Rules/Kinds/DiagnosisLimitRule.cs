using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>limit.diagnosis</c> (E): an item payable only with a diagnosis whose ICD-10 code starts with a listed prefix
/// (curated 限定诊断 from the national drug list's 限定支付范围), and the episode has none. Judged on the diagnoses
/// known so far; a later diagnosis that satisfies it withdraws the finding; the answer at discharge is final.
/// Amount: each such line's net amount.
/// </summary>
public sealed class DiagnosisLimitRule(RuleDefinition definition, KnowledgeBase knowledge) : IEpisodeRule
{
    public const string Kind = "limit.diagnosis";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Diagnosis);

    public bool ReadsDischarge => true;

    public void PartitionsOf(AuditContext context, NetLine line, List<PartitionKey> partitions)
    {
        if (knowledge.Find(LimitTypes.Diagnosis, line.Code) is not null)
            partitions.Add(PartitionKey.OfCode(line.Code));
    }

    public IEnumerable<Hit> Check(AuditContext context, PartitionKey key, IReadOnlyList<NetLine> partition)
    {
        var point = knowledge.Find(LimitTypes.Diagnosis, partition[0].Code)!;
        var prefixes = point.Prefixes;
        var diagnoses = context.Episode.Diseinfo.Select(d => d.DiagCode).ToList();
        if (diagnoses.Any(code => prefixes.Any(p => code.StartsWith(p, StringComparison.OrdinalIgnoreCase))))
            yield break;
        var known = diagnoses.Count == 0 ? "无诊断" : string.Join("、", diagnoses);
        foreach (var line in partition.Where(l => l.Cnt > 0).OrderBy(l => l, NetLine.TimeOrder))
            yield return Hit.OnLine(line, line.Amount,
                $"{point.ItemName} 限{point.Note}（诊断 {string.Join("/", prefixes)}），本次就诊诊断：{known}");
    }
}
