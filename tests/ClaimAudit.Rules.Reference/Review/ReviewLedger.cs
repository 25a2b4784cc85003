using ClaimAudit.Reference.Contracts;

namespace ClaimAudit.Reference.Review;

/// <summary>What a person does to a finding (docs/findings.md): a reviewer's decisions, a hospital's appeal.</summary>
public enum ReviewAction { Confirm, Dismiss, Appeal, Uphold, Overturn }

/// <summary>What a doctor did about a 事前/事中 warning (3103 <c>dspo_way</c>): 1 继续执行医嘱, 2 返回修改医嘱.</summary>
public enum FeedbackWay { Continue, Modify }

/// <summary>Who acted, as the finding's history names them: the credential's name and its role.</summary>
public sealed record Actor(string Name, string Role)
{
    /// <summary>ClaimAudit itself, when new data withdraws or re-raises a finding.</summary>
    public static readonly Actor Engine = new("claimaudit", "engine");
}

/// <summary>One transition of a finding, appended and never changed: who, when, from → to, why, and the amount it concerned.</summary>
public sealed record FindingEvent(
    string FindingId,
    DateTimeOffset At,
    string Actor,
    string Role,
    FindingStatus From,
    FindingStatus To,
    string Reason,
    IReadOnlyList<string> Evidence,
    decimal Amount)
{
    /// <summary>Set on a hospital's 3103 feedback, which records what was done and why without moving the finding.</summary>
    public FeedbackWay? Feedback { get; init; }
}

/// <summary>Why a transition was refused: the finding is not in a state the action applies to.</summary>
public sealed record TransitionRefusal(FindingStatus Current, string Reason);

/// <summary>
/// The lifecycle of one episode's findings on top of what the rules find. The engine says whether a finding holds and
/// for what amount; people's decisions, kept here as events, say where it stands: <c>violation</c> findings start
/// <c>open</c>, <c>suspicious</c> ones <c>pending_review</c> → <c>confirmed</c> | <c>dismissed</c>; an <c>open</c> or
/// <c>confirmed</c> finding may be <c>appealed</c> → <c>upheld</c> | <c>overturned</c>. A decision holds as long as the
/// finding holds with the amount it was decided on: withdrawn by new data, or re-raised with another amount, the
/// finding goes back to its initial state with an event saying why.
/// </summary>
public sealed class ReviewLedger
{
    private readonly Dictionary<string, (FindingStatus Status, decimal Amount)> _state = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FindingEvent>> _history = new(StringComparer.Ordinal);
    private readonly List<FindingEvent> _unsaved = [];

    public static FindingStatus Initial(Severity severity) => severity == Severity.Suspicious ? FindingStatus.PendingReview : FindingStatus.Open;

    /// <summary>
    /// A finding kept before the lifecycle existed: such a version wrote <c>open</c> for a suspicious finding, whose
    /// initial state is now pending review (the read model's rows are migrated by deploy/sql/013).
    /// </summary>
    public static Finding Upgraded(Finding kept) =>
        kept is { Status: FindingStatus.Open, Severity: Severity.Suspicious } ? kept with { Status = FindingStatus.PendingReview } : kept;

    /// <summary>A finding as the rules found it, in the state its history gives it.</summary>
    public Finding Present(Finding found)
    {
        if (found.Status == FindingStatus.Withdrawn || !_state.TryGetValue(found.FindingId, out var state))
            return found;
        return state.Status != FindingStatus.Withdrawn && state.Amount == found.Amount ? found with { Status = state.Status } : found;
    }

    public IReadOnlyList<FindingEvent> HistoryOf(string findingId) => _history.TryGetValue(findingId, out var events) ? events : [];

    /// <summary>Replays stored events (in the order they were appended), as an episode does when it reactivates.</summary>
    public void Restore(IEnumerable<FindingEvent> events)
    {
        foreach (var e in events)
            Append(e, save: false);
    }

    /// <summary>
    /// Takes what the rules changed (raised, re-judged or withdrawn findings) and records how that moves findings that
    /// have a history: a withdrawal, a return after one, or a decided finding re-raised with another amount.
    /// </summary>
    public void Reconcile(IEnumerable<Finding> changed, DateTimeOffset at)
    {
        foreach (var finding in changed)
        {
            if (!_state.TryGetValue(finding.FindingId, out var state))
                continue; // no history: its state is its initial one, or withdrawn, as the rules say
            var initial = Initial(finding.Severity);
            if (finding.Status == FindingStatus.Withdrawn)
            {
                if (state.Status != FindingStatus.Withdrawn)
                    Append(new(finding.FindingId, at, Actor.Engine.Name, Actor.Engine.Role, state.Status, FindingStatus.Withdrawn,
                        "the finding's condition no longer holds after new data", [], state.Amount));
            }
            else if (state.Status == FindingStatus.Withdrawn)
                Append(new(finding.FindingId, at, Actor.Engine.Name, Actor.Engine.Role, FindingStatus.Withdrawn, initial,
                    "the finding's condition holds again after new data", [], finding.Amount));
            else if (state.Amount != finding.Amount)
                Append(new(finding.FindingId, at, Actor.Engine.Name, Actor.Engine.Role, state.Status, initial,
                    $"re-raised with amount {finding.Amount} (the {state.Status.ToString().ToLowerInvariant()} decision was on {state.Amount})", [], finding.Amount));
        }
    }

    /// <summary>Applies a person's action to a finding as presented now; refused (naming the current state) when it does not apply.</summary>
    public TransitionRefusal? Transition(Finding current, ReviewAction action, Actor actor, DateTimeOffset at, string reason, IReadOnlyList<string> evidence)
    {
        var to = (action, current.Status) switch
        {
            (ReviewAction.Confirm, FindingStatus.PendingReview) => FindingStatus.Confirmed,
            (ReviewAction.Dismiss, FindingStatus.PendingReview) => FindingStatus.Dismissed,
            (ReviewAction.Appeal, FindingStatus.Open or FindingStatus.Confirmed) when current.Severity != Severity.Warning => FindingStatus.Appealed,
            (ReviewAction.Uphold, FindingStatus.Appealed) => FindingStatus.Upheld,
            (ReviewAction.Overturn, FindingStatus.Appealed) => FindingStatus.Overturned,
            _ => (FindingStatus?)null,
        };
        if (to is null)
            return new TransitionRefusal(current.Status, action switch
            {
                ReviewAction.Confirm or ReviewAction.Dismiss => "only a finding pending review can be confirmed or dismissed",
                ReviewAction.Appeal => current.Severity == Severity.Warning
                    ? "a warning has no money effect and cannot be appealed"
                    : "only an open or confirmed finding can be appealed",
                _ => "only an appealed finding can be upheld or overturned",
            });
        // The doctor's reasons for going on (3103) are the hospital's first justification: an appeal carries them.
        if (action == ReviewAction.Appeal)
            evidence = [.. evidence, .. Justifications(current.FindingId)];
        Append(new(current.FindingId, at, actor.Name, actor.Role, current.Status, to.Value, reason, evidence, current.Amount));
        return null;
    }

    /// <summary>
    /// Records a hospital's 3103 feedback on a warning it was shown, in the state the finding has now (its initial one
    /// when the check's lines were never sent for good): an event that changes nothing but the history.
    /// </summary>
    public void RecordFeedback(string findingId, FindingStatus current, decimal amount, Actor actor, DateTimeOffset at, FeedbackWay way, string? reason)
    {
        var what = way == FeedbackWay.Continue ? "3103 继续执行医嘱" : "3103 返回修改医嘱";
        Append(new(findingId, at, actor.Name, actor.Role, current, current, reason is null ? what : $"{what}：{reason}", [], amount) { Feedback = way });
    }

    private IEnumerable<string> Justifications(string findingId) => HistoryOf(findingId)
        .Where(e => e.Feedback == FeedbackWay.Continue)
        .Select(e => $"{e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC {e.Reason}");

    /// <summary>The events appended since the last call, for the store.</summary>
    public IReadOnlyList<FindingEvent> TakeUnsaved()
    {
        var events = _unsaved.ToList();
        _unsaved.Clear();
        return events;
    }

    /// <summary>Events appended but not yet taken (for a caller that must put them back after a failed write).</summary>
    public void ReturnUnsaved(IReadOnlyList<FindingEvent> events) => _unsaved.InsertRange(0, events);

    private void Append(FindingEvent e, bool save = true)
    {
        _state[e.FindingId] = (e.To, e.Amount);
        if (!_history.TryGetValue(e.FindingId, out var events))
            _history[e.FindingId] = events = [];
        events.Add(e);
        if (save)
            _unsaved.Add(e);
    }
}
