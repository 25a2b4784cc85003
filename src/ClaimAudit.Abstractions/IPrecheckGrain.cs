using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Review;

namespace ClaimAudit.Abstractions;

/// <summary>
/// 事前/事中 checks (3101/3102): a what-if audit of encounters merged with what the cluster holds of each patient, on
/// whichever silo takes the call (a stateless worker). It changes nothing stored; the warnings it issues are kept in
/// memory for a day so that 3103 feedback can name them.
/// </summary>
[Alias("ClaimAudit.IPrecheckGrain")]
public interface IPrecheckGrain : IGrainWithIntegerKey
{
    [Alias("Check")]
    Task<PrecheckAnswer> Check(PrecheckRequest request, CancellationToken cancellationToken);

    /// <summary>Every rule id in force (national and regional sets) with its name, for answers in the national shape.</summary>
    [Alias("RuleNames")]
    Task<IReadOnlyDictionary<string, string>> RuleNames();
}

/// <summary>The institution that asks (the envelope's <c>fixmedins_code</c>), when, what to judge, and each patient.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.PrecheckRequest")]
public sealed record PrecheckRequest(
    string FixmedinsCode,
    DateTime CheckedAt,
    PrecheckScope Scope,
    IReadOnlyList<string> RuleIds,
    IReadOnlyList<PrecheckPatient> Patients);

/// <summary>One patient (<c>patn_id</c> = <c>psn_no</c>) and the encounters sent for them, current and history.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.PrecheckPatient")]
public sealed record PrecheckPatient(string PsnNo, IReadOnlyList<SentEncounter> Encounters);

/// <summary>An encounter as sent: the episode, its institution's level and region as the HIS gave them, its orders.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.SentEncounter")]
public sealed record SentEncounter(
    Episode Episode,
    string? MedinsLv,
    string? MedinsAdmdvs,
    IReadOnlyList<FeeLine> Lines,
    bool IsCurrent,
    IReadOnlyList<string> CurrentSns);

/// <summary>The findings per patient, and the requested rule ids no rule set in force has.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.PrecheckAnswer")]
public sealed record PrecheckAnswer(IReadOnlyList<PrecheckResult> Results, IReadOnlyList<string> UnknownRuleIds);

/// <summary>One finding of a check with its rule's name and every line it names (at fault, or involved).</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.PrecheckResult")]
public sealed record PrecheckResult(Finding Finding, string RuleName, IReadOnlyList<PrecheckLine> Lines);

/// <summary>
/// A line a finding names: its serial (<c>rx_id</c>), its episode when that is one of the asking institution's, whether it
/// is at fault (违规项) or involved (涉及项), and the amount at fault on it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.PrecheckLine")]
public sealed record PrecheckLine(string FeedetlSn, string? MdtrtId, bool AtFault, decimal Amount)
{
    /// <summary>
    /// Every line a finding names: those at fault with their amount (the finding's own per line, else the located one),
    /// then those involved that <paramref name="locate"/> knows, at 0 (<c>judge_result_detail_dtos[]</c>).
    /// </summary>
    public static List<PrecheckLine> Of(Finding finding, Func<string, (string? MdtrtId, decimal Amount)?> locate)
    {
        var result = new List<PrecheckLine>();
        for (var i = 0; i < finding.FeedetlSns.Count; i++)
        {
            var sn = finding.FeedetlSns[i];
            result.Add(new PrecheckLine(sn, finding.MdtrtId, true, i < finding.LineAmounts.Count ? finding.LineAmounts[i] : locate(sn)?.Amount ?? 0));
        }
        foreach (var sn in finding.RelatedSns)
            if (locate(sn) is { } located)
                result.Add(new PrecheckLine(sn, located.MdtrtId, false, 0));
        return result;
    }
}

/// <summary>
/// The warnings 3101/3102 issued to one institution (keyed <c>fixmedins_code</c>), kept in memory only and for a day:
/// what 3103 feedback names by <c>warn_rslt_id</c>.
/// </summary>
[Alias("ClaimAudit.IIssuedWarningsGrain")]
public interface IIssuedWarningsGrain : IGrainWithStringKey
{
    [Alias("Remember")]
    Task Remember(IReadOnlyList<IssuedWarning> warnings);

    /// <summary>Each id's warning, or null where none was issued (or it was issued more than a day ago).</summary>
    [Alias("Find")]
    Task<IReadOnlyList<IssuedWarning?>> Find(IReadOnlyList<string> findingIds);
}

[GenerateSerializer, Immutable, Alias("ClaimAudit.IssuedWarning")]
public sealed record IssuedWarning(string FindingId, string MdtrtId, Severity Severity, decimal Amount, DateTimeOffset IssuedAt);

/// <summary>One 3103 warning feedback for an episode's finding: what was done, why, by whom.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.WarningFeedback")]
public sealed record WarningFeedback(string FindingId, Severity Severity, decimal Amount, FeedbackWay Way, string? Reason, Actor Actor);
