using System.Security.Cryptography;
using System.Text;
using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.Judging;
using ClaimAudit.Reference.Kinds;

namespace ClaimAudit.Reference.Engine;

/// <summary>Stamps a rule's hit with the rule, the episode and a deterministic id.</summary>
public static class FindingFactory
{
    public static Finding Create(IRule rule, string ruleSetVersion, string fixmedinsCode, string mdtrtId, string psnNo, Hit hit)
    {
        var definition = rule.Definition;
        var severity = hit.Severity ?? definition.Severity;
        return new Finding(
            IdOf(definition.Id, EpisodeKey.Of(fixmedinsCode, mdtrtId), hit),
            definition.Id,
            definition.Kind,
            severity,
            fixmedinsCode,
            mdtrtId,
            psnNo,
            hit.FeedetlSns,
            hit.RelatedSns,
            hit.Amount,
            hit.Message,
            definition.Basis,
            Review.ReviewLedger.Initial(severity),
            ruleSetVersion)
        {
            LineAmounts = hit.LineAmounts,
            Subject = hit.Subject,
        };
    }

    /// <summary>
    /// Rule id + episode + the lines involved (docs/rules.md): the same facts always give the same id, whatever the
    /// order or batching in which they arrived, and a re-sent batch finds its findings again.
    /// </summary>
    public static string IdOf(string ruleId, string episodeKey, Hit hit)
    {
        var text = new StringBuilder()
            .Append(ruleId).Append('\n').Append(episodeKey).Append('\n').Append(hit.Subject).Append('\n')
            .AppendJoin(',', hit.FeedetlSns.Order(StringComparer.Ordinal)).Append('\n')
            .AppendJoin(',', hit.RelatedSns.Order(StringComparer.Ordinal))
            .ToString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "F" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }
}
