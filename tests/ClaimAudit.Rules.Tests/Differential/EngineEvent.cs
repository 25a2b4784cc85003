namespace ClaimAudit.Rules.Tests.Differential;

/// <summary>
/// One call the grains make on the engine, in national JSON so that each engine reads it with its own contracts:
/// the live engine and the frozen reference share no type.
/// </summary>
internal abstract record EngineEvent
{
    /// <summary>An admission (2401): the episode without its discharge, its institution as registered so far, if at all.</summary>
    public sealed record Admit(string Key, string EpisodeJson, string? InstitutionJson) : EngineEvent;

    /// <summary>A batch of fee lines (2301); a batch may be a re-send.</summary>
    public sealed record Lines(string Key, string LinesJson) : EngineEvent;

    /// <summary>The discharge (2402).</summary>
    public sealed record Discharge(string Key, string DischargeJson) : EngineEvent;

    /// <summary>An institution registered or changed: every open episode of it judged again on the new attributes.</summary>
    public sealed record Register(string InstitutionJson) : EngineEvent;

    /// <summary>The episode's grain deactivated and activated again: rebuilt from its lines and its withdrawn findings.</summary>
    public sealed record Reactivate(string Key) : EngineEvent;

    /// <summary>A reviewer's or hospital's action on the <see cref="Nth"/> present finding of the episode (by id).</summary>
    public sealed record Review(string Key, int Nth, string Action) : EngineEvent;
}

/// <summary>An engine driven as the grains drive it; every answer is national JSON, compared as text.</summary>
internal interface IEngineUnderTest
{
    /// <summary>What the call answers and what it changed: batch outcome, changed findings, totals, coverage …</summary>
    IReadOnlyList<string> Apply(EngineEvent e);

    /// <summary>Every episode's final findings, withdrawn findings, totals, period totals and coverage, and every person's findings.</summary>
    IReadOnlyList<string> Final();
}
