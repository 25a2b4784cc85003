using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;

namespace ClaimAudit.Rules.Tests.Review;

public class ReviewLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Reviewer = new("王审核", "reviewer");
    private static readonly Actor Hospital = new("HIS of H1", "hospital");

    private static Finding Found(Severity severity, decimal amount = 100m, string id = "F1") => new(
        id, "R1", "limit.sex", severity, "H1", "M1", "P1", ["L1"], [], amount, "m", "b", ReviewLedger.Initial(severity), "v1")
    { LineAmounts = [amount] };

    [Fact]
    public void A_violation_starts_open_and_deducting_and_a_suspicious_finding_starts_pending_review_and_not_deducting()
    {
        Assert.Equal(FindingStatus.Open, Found(Severity.Violation).Status);
        Assert.True(Found(Severity.Violation).Deducts);
        Assert.Equal(FindingStatus.PendingReview, Found(Severity.Suspicious).Status);
        Assert.False(Found(Severity.Suspicious).Deducts);
        Assert.False(Found(Severity.Warning).Deducts);
    }

    [Fact]
    public void A_confirmed_suspicious_finding_deducts_and_an_appeal_keeps_it_deducted_until_overturned()
    {
        var ledger = new ReviewLedger();
        var found = Found(Severity.Suspicious);

        Assert.Null(ledger.Transition(ledger.Present(found), ReviewAction.Confirm, Reviewer, At, "病历不支持", []));
        var confirmed = ledger.Present(found);
        Assert.Null(ledger.Transition(confirmed, ReviewAction.Appeal, Hospital, At, "有医嘱", ["att-1"]));
        var appealed = ledger.Present(found);
        Assert.Null(ledger.Transition(appealed, ReviewAction.Overturn, Reviewer, At, "证据充分", []));
        var overturned = ledger.Present(found);

        Assert.Equal((FindingStatus.Confirmed, true), (confirmed.Status, confirmed.Deducts));
        Assert.Equal((FindingStatus.Appealed, true), (appealed.Status, appealed.Deducts));
        Assert.Equal((FindingStatus.Overturned, false), (overturned.Status, overturned.Deducts));
        Assert.Equal(
            [(FindingStatus.PendingReview, FindingStatus.Confirmed, "王审核"), (FindingStatus.Confirmed, FindingStatus.Appealed, "HIS of H1"),
             (FindingStatus.Appealed, FindingStatus.Overturned, "王审核")],
            ledger.HistoryOf("F1").Select(e => (e.From, e.To, e.Actor)));
        Assert.Equal(["att-1"], ledger.HistoryOf("F1")[1].Evidence);
        Assert.Equal(3, ledger.TakeUnsaved().Count);
        Assert.Empty(ledger.TakeUnsaved());
    }

    [Theory]
    [InlineData(Severity.Violation, ReviewAction.Confirm, FindingStatus.Open)]
    [InlineData(Severity.Violation, ReviewAction.Uphold, FindingStatus.Open)]
    [InlineData(Severity.Suspicious, ReviewAction.Appeal, FindingStatus.PendingReview)]
    [InlineData(Severity.Suspicious, ReviewAction.Overturn, FindingStatus.PendingReview)]
    [InlineData(Severity.Warning, ReviewAction.Appeal, FindingStatus.Open)]
    public void An_action_that_does_not_apply_is_refused_naming_the_current_state_and_records_nothing(Severity severity, ReviewAction action, FindingStatus current)
    {
        var ledger = new ReviewLedger();
        var refusal = ledger.Transition(ledger.Present(Found(severity)), action, Reviewer, At, "x", []);
        Assert.Equal(current, refusal!.Current);
        Assert.Empty(ledger.HistoryOf("F1"));
        Assert.Empty(ledger.TakeUnsaved());
    }

    [Fact]
    public void A_decision_survives_the_same_finding_found_again_but_not_another_amount()
    {
        var ledger = new ReviewLedger();
        ledger.Transition(ledger.Present(Found(Severity.Suspicious)), ReviewAction.Dismiss, Reviewer, At, "合理", []);

        ledger.Reconcile([Found(Severity.Suspicious)], At);
        var same = ledger.Present(Found(Severity.Suspicious));
        ledger.Reconcile([Found(Severity.Suspicious, amount: 150m)], At);
        var changed = ledger.Present(Found(Severity.Suspicious, amount: 150m));

        Assert.Equal(FindingStatus.Dismissed, same.Status);
        Assert.Equal(FindingStatus.PendingReview, changed.Status);
        var last = ledger.HistoryOf("F1")[^1];
        Assert.Equal((FindingStatus.Dismissed, FindingStatus.PendingReview, "engine"), (last.From, last.To, last.Role));
        Assert.Contains("150", last.Reason);
    }

    [Fact]
    public void A_decided_finding_withdrawn_by_new_data_keeps_its_history_and_returns_to_its_initial_state_if_it_holds_again()
    {
        var ledger = new ReviewLedger();
        ledger.Transition(ledger.Present(Found(Severity.Violation)), ReviewAction.Appeal, Hospital, At, "有医嘱", []);

        ledger.Reconcile([Found(Severity.Violation) with { Status = FindingStatus.Withdrawn }], At);
        var withdrawn = ledger.Present(Found(Severity.Violation) with { Status = FindingStatus.Withdrawn });
        ledger.Reconcile([Found(Severity.Violation)], At);
        var back = ledger.Present(Found(Severity.Violation));

        Assert.Equal(FindingStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(FindingStatus.Open, back.Status);
        Assert.Equal([FindingStatus.Appealed, FindingStatus.Withdrawn, FindingStatus.Open], ledger.HistoryOf("F1").Select(e => e.To));
    }

    [Fact]
    public void Replaying_stored_events_gives_the_same_states_as_the_ledger_that_appended_them()
    {
        var ledger = new ReviewLedger();
        ledger.Transition(ledger.Present(Found(Severity.Suspicious)), ReviewAction.Confirm, Reviewer, At, "x", []);
        ledger.Transition(ledger.Present(Found(Severity.Suspicious)), ReviewAction.Appeal, Hospital, At, "y", []);
        var replayed = new ReviewLedger();
        replayed.Restore(ledger.TakeUnsaved());

        Assert.Equal(FindingStatus.Appealed, replayed.Present(Found(Severity.Suspicious)).Status);
        Assert.Empty(replayed.TakeUnsaved());
    }
}
