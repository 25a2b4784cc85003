using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>The lines of an episode to lay out by day, and which of them one finding names (at fault, involved).</summary>
public sealed record TimelineView(IReadOnlyList<FeeLine> Lines, IReadOnlySet<string> Fault, IReadOnlySet<string> Related);
