using ClaimAudit.Reference.Contracts;
using ClaimAudit.Reference.RuleSets;

namespace ClaimAudit.Reference.Judging;

/// <summary>
/// A rule's verdict before the engine stamps it with rule, episode and id. <see cref="LineAmounts"/> runs
/// parallel to <see cref="FeedetlSns"/>: how much of the amount falls on each line at fault.
/// <see cref="Subject"/> names what else identifies the finding (the earlier stay, the date, the period …);
/// <see cref="Severity"/> overrides the rule's where docs/rules.md gives one kind two verdicts (overlapping stays are only suspicious).
/// </summary>
public sealed record Hit(
    IReadOnlyList<string> FeedetlSns,
    IReadOnlyList<decimal> LineAmounts,
    IReadOnlyList<string> RelatedSns,
    string Message,
    string? Subject = null,
    Severity? Severity = null)
{
    public decimal Amount => LineAmounts.Sum();

    public static Hit OnLine(NetLine line, decimal amount, string message, IReadOnlyList<string>? related = null) =>
        new([line.Sn], [decimal.Round(amount, 2)], related ?? [], message);

    public static Hit WithoutAmount(string message, string subject, IReadOnlyList<string>? related = null) =>
        new([], [], related ?? [], message, subject);
}
