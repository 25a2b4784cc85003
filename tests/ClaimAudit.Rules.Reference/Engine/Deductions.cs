using ClaimAudit.Reference.Contracts;

namespace ClaimAudit.Reference.Engine;

/// <summary>
/// Amounts reconcile (docs/rules.md): one line hit by several rules is not deducted several times. Each finding keeps its own amount;
/// the episode's deduction caps what falls on each line at that line's net amount.
/// </summary>
public static class Deductions
{
    public static decimal Reconcile(IEnumerable<Finding> findings, IReadOnlyDictionary<string, decimal> netAmountBySn)
    {
        var perLine = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var finding in findings.Where(f => f.Deducts))
            for (var i = 0; i < finding.FeedetlSns.Count && i < finding.LineAmounts.Count; i++)
                perLine[finding.FeedetlSns[i]] = perLine.GetValueOrDefault(finding.FeedetlSns[i]) + finding.LineAmounts[i];
        return perLine.Sum(kv => Math.Max(0, Math.Min(kv.Value, netAmountBySn.GetValueOrDefault(kv.Key))));
    }
}
