using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;

namespace ClaimAudit.Grains.Episodes;

/// <summary>
/// What an episode grain persists: its header, the institution attributes it was judged with, and what it last
/// reported to its institution. Lines are not here: they are in the fee-line log (docs/architecture.md, durability).
/// </summary>
[GenerateSerializer, Alias("ClaimAudit.EpisodeState")]
public sealed class EpisodeState
{
    [Id(0)] public Episode? Episode { get; set; }
    [Id(1)] public InstitutionProfile? Institution { get; set; }
    // Earlier versions kept the person's findings here; an episode now reads them from the read model (the person's record).
    [Id(2)] public List<Finding> CrossEpisodeFindings { get; set; } = [];
    [Id(3)] public ReportedCounters Reported { get; set; } = new();
}

/// <summary>The counters this episode has already added to its institution, so a re-discharge sends only the difference.</summary>
[GenerateSerializer, Alias("ClaimAudit.ReportedCounters")]
public sealed class ReportedCounters
{
    [Id(0)] public int Episodes { get; set; }
    [Id(1)] public int Lines { get; set; }
    [Id(2)] public decimal Amount { get; set; }
    [Id(3)] public decimal Deduction { get; set; }
    [Id(4)] public Dictionary<string, int> FindingsByKind { get; set; } = [];
    [Id(5)] public PeriodTotals? Period { get; set; }
}
