using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
namespace ClaimAudit.Rules.Kinds;

/// <summary>Counting net units in time order: which lines pass a limit, and by how many units each.</summary>
public static class Excess
{
    /// <summary>
    /// The lines whose units fall beyond <paramref name="limit"/> when counted in time order, with the amount
    /// (excess units × pric) on each. The lines must already be in <see cref="NetLine.TimeOrder"/>.
    /// </summary>
    public static (List<string> Sns, List<decimal> Amounts) PastLimit(IReadOnlyList<NetLine> ordered, decimal limit)
    {
        var sns = new List<string>();
        var amounts = new List<decimal>();
        var counted = 0m;
        foreach (var line in ordered)
        {
            var before = counted;
            counted += line.Cnt;
            var excess = Math.Min(line.Cnt, counted - Math.Max(before, limit));
            if (excess <= 0)
                continue;
            sns.Add(line.Sn);
            amounts.Add(decimal.Round(excess * line.Pric, 2));
        }
        return (sns, amounts);
    }
}
