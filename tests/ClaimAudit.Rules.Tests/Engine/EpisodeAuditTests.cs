using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.RuleSets;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Engine;

public class EpisodeAuditTests
{
    private static EpisodeAudit NewAudit(Episode? episode = null) => new(ShippedRuleSet, episode ?? Inpatient(gend: "1"), null);

    private static FeeLine[] Batch() =>
    [
        Line("1", FemaleOnlyDrug, "2026-03-02 10:00:00", cnt: 2, pric: 12),
        Line("2", InpatientConsultation, "2026-03-02 09:00:00", pric: 20, type: "02"),
        Line("3", InpatientConsultation, "2026-03-02 17:00:00", pric: 20, type: "02"),
    ];

    [Fact]
    public void Resending_a_batch_counts_its_lines_once_and_answers_the_same_findings()
    {
        var audit = NewAudit();
        var first = audit.Add(Batch());
        var totals = audit.Totals();

        var again = audit.Add(Batch());

        Assert.Equal(3, first.Accepted.Count);
        Assert.Empty(again.Accepted);
        Assert.Equal(3, again.Duplicates.Count);
        Assert.Equal(first.Findings.Select(f => f.FindingId).Order(), again.Findings.Select(f => f.FindingId).Order());
        Assert.Equal(totals, audit.Totals());
    }

    [Fact]
    public void An_episode_restored_from_its_log_is_the_episode_that_added_it_and_still_tells_a_resend_from_a_conflict()
    {
        FeeLine[] log =
        [
            .. Batch(),
            Line("R1", InpatientConsultation, "2026-03-02 18:00:00", cnt: -1, pric: 20, type: "02", refundOf: "4"), // before its original
            Line("4", InpatientConsultation, "2026-03-03 09:00:00", cnt: 2, pric: 20, type: "02"),
            Line("2", InpatientConsultation, "2026-03-02 09:00:00", pric: 20, type: "02"), // logged twice: counts once
        ];
        var added = NewAudit();
        added.Add(log);
        var restored = NewAudit();

        restored.Restore(log);

        Assert.Equal(Answers(added), Answers(restored));
        Assert.Equal(added.TakeChangedFindings().Select(f => f.FindingId).Order(), restored.TakeChangedFindings().Select(f => f.FindingId).Order());
        var next = restored.Add([log[1], log[1] with { Cnt = 3 }]);
        Assert.Equal(["2"], next.Duplicates);
        Assert.Single(next.Conflicts);

        static string Answers(EpisodeAudit audit) => System.Text.Json.JsonSerializer.Serialize(new
        {
            Findings = audit.Findings.OrderBy(f => f.FindingId, StringComparer.Ordinal).ToList(),
            Totals = audit.Totals(),
            Coverage = audit.Coverage(),
            audit.LineCount,
            Person = audit.AllPersonLines().OrderBy(l => l.FeedetlSn, StringComparer.Ordinal).ToList(),
        });
    }

    [Fact]
    public void A_resent_serial_number_with_other_content_is_refused_not_overwritten()
    {
        var audit = NewAudit();
        audit.Add(Batch());

        var outcome = audit.Add([Line("2", InpatientConsultation, "2026-03-02 09:00:00", cnt: 5, pric: 20, type: "02")]);

        var (index, error) = Assert.Single(outcome.Conflicts);
        Assert.Equal(0, index);
        Assert.Equal("feedetl_sn", error.Field);
        Assert.Equal(3, audit.LineCount);
    }

    [Fact]
    public void A_resent_line_differing_only_in_a_field_no_rule_reads_is_refused_and_the_same_line_written_otherwise_is_a_duplicate()
    {
        var audit = NewAudit();
        var line = Line("9", InpatientConsultation, "2026-03-02 09:00:00", cnt: 1, pric: 20, type: "02") with { DrordNo = "D1", UsedFrquDscr = "qd" };
        audit.Add([line]);

        Assert.Single(audit.Add([line with { DrordNo = "D2" }]).Conflicts);
        Assert.Single(audit.Add([line with { UsedFrquDscr = null }]).Conflicts);
        var same = audit.Add([line with { Cnt = 1.00m, Pric = 20.0m }]);
        Assert.Empty(same.Conflicts);
        Assert.Equal(["9"], same.Duplicates);
        Assert.Equal(1, audit.LineCount);
    }

    [Fact]
    public void A_refund_cancels_its_original_and_withdraws_the_finding_it_caused()
    {
        var audit = NewAudit();
        audit.Add(Batch());
        Assert.Contains(audit.Findings, f => f.RuleKind == "qty.per-period");

        audit.Add([Line("4", InpatientConsultation, "2026-03-03 08:00:00", cnt: -1, pric: 20, type: "02", refundOf: "3")]);

        Assert.DoesNotContain(audit.Findings, f => f.RuleKind == "qty.per-period");
        Assert.Contains(audit.Withdrawn, f => f.RuleKind == "qty.per-period" && f.Status == FindingStatus.Withdrawn);
        Assert.Equal(1, audit.Totals().RefundCount);
    }

    [Fact]
    public void A_new_rule_set_judges_the_lines_present_into_its_partitions_again()
    {
        var audit = NewAudit();
        audit.Add(Batch());
        var before = audit.Findings.Select(f => f.FindingId).Order().ToList();
        Assert.Contains(audit.Findings, f => f.RuleKind == "qty.per-period"); // a partition's finding: two consultations in a day

        var reloaded = new RuleSet(ShippedRuleSet.Version, ShippedRuleSet.Name, ShippedRuleSet.Rules, ShippedKnowledge);
        audit.Reset(audit.Episode, null, reloaded);

        Assert.Equal(before, audit.Findings.Select(f => f.FindingId).Order().ToList());
        audit.Add([Line("5", InpatientConsultation, "2026-03-04 09:00:00", pric: 20, type: "02")]);
        Assert.Single(audit.Findings, f => f.RuleKind == "qty.per-period");
    }

    [Fact]
    public void A_refund_arriving_before_its_original_is_applied_when_the_original_arrives()
    {
        var audit = NewAudit();
        audit.Add([Line("9", FemaleOnlyDrug, "2026-03-03 08:00:00", cnt: -2, pric: 12, refundOf: "1")]);

        audit.Add(Batch());

        Assert.DoesNotContain(audit.Findings, f => f.RuleKind == "limit.sex");
    }

    [Fact]
    public void Findings_do_not_depend_on_the_order_or_batching_of_lines()
    {
        var whole = NewAudit();
        whole.Add(Batch());
        var split = NewAudit();
        foreach (var line in Batch().Reverse())
            split.Add([line]);

        Assert.Equal(whole.Findings.Select(f => (f.FindingId, f.Amount)).Order(), split.Findings.Select(f => (f.FindingId, f.Amount)).Order());
    }

    [Fact]
    public void Discharge_judges_the_bed_days_with_the_discharge_date()
    {
        var audit = NewAudit(Inpatient(begntime: "2026-03-01 08:00:00"));
        audit.Add([Line("B1", BedFee, "2026-03-01 23:00:00", pric: 50, type: "01"), Line("B2", BedFee, "2026-03-02 23:00:00", pric: 50, type: "01")]);
        Assert.Empty(audit.Findings);

        audit.Discharge(new DischargeInfo(DateTime.Parse("2026-03-02 10:00:00"), [], "1"));

        var finding = Assert.Single(audit.Findings);
        Assert.Equal("stay.bed-days", finding.RuleKind);
        Assert.Equal(["B2"], finding.FeedetlSns);
    }

    [Fact]
    public void The_final_diagnoses_of_the_discharge_decide_a_diagnosis_limit()
    {
        var audit = NewAudit(Inpatient(diag: "J18.900", begntime: "2026-03-01 08:00:00"));
        audit.Add([Line("D1", HeadInjuryDrug, "2026-03-01 10:00:00", pric: 25)]);
        Assert.Contains(audit.Findings, f => f.RuleKind == "limit.diagnosis");

        audit.Discharge(new DischargeInfo(DateTime.Parse("2026-03-03 10:00:00"), [new("1", "1", "S06.000")], "1"));

        Assert.DoesNotContain(audit.Findings, f => f.RuleKind == "limit.diagnosis");
        Assert.Contains(audit.TakeChangedFindings(), f => f.RuleKind == "limit.diagnosis" && f.Status == FindingStatus.Withdrawn);
    }

    [Fact]
    public void A_discharge_reports_every_current_finding_once_whether_or_not_its_rule_reads_the_discharge()
    {
        var audit = NewAudit();
        audit.Add(Batch());
        var before = audit.TakeChangedFindings().Select(f => f.FindingId).Order().ToList();
        Assert.NotEmpty(before);

        audit.Discharge(new DischargeInfo(DateTime.Parse("2026-03-05 10:00:00"), [], "1"));

        Assert.Equal(audit.Findings.Select(f => f.FindingId).Order(), audit.TakeChangedFindings().Select(f => f.FindingId).Order());
        Assert.Superset(before.ToHashSet(), audit.Findings.Select(f => f.FindingId).ToHashSet());
    }

    [Fact]
    public void A_discharge_counts_again_the_lines_a_rule_that_reads_it_lacks_data_on_and_keeps_the_counts_of_the_others()
    {
        var readsDischarge = new LacksDataRule("T-DSCG", readsDischarge: true);
        var admissionOnly = new LacksDataRule("T-ADM", readsDischarge: false);
        var audit = new EpisodeAudit(RuleSetOf(readsDischarge, admissionOnly), Inpatient(), null);
        audit.Add([Line("1", BedFee), Line("2", BedFee), Line("3", InpatientConsultation)]);
        Assert.Equal(["T-ADM: 2 line(s)"], Skips(audit));

        audit.Discharge(new DischargeInfo(DateTime.Parse("2026-03-05 10:00:00"), [], "1"));

        // The rule that reads the discharge now lacks data on the bed fees; the other's count stands, not counted twice.
        Assert.Equal(["T-ADM: 2 line(s)", "T-DSCG: 2 line(s)"], Skips(audit));
    }

    private static List<string> Skips(EpisodeAudit audit) =>
        audit.Coverage().Skipped.Select(s => $"{s.RuleId}: {s.Reason.Split(':')[0]}").Order(StringComparer.Ordinal).ToList();

    /// <summary>Lacks data on bed fees: once discharged when it reads the discharge, always otherwise.</summary>
    private sealed class LacksDataRule(string id, bool readsDischarge) : ILineRule
    {
        public RuleDefinition Definition { get; } = new(id, "test.lacks-data", id, Severity.Suspicious, RuleParams.None, null, null, "", "");

        public bool ReadsDischarge => readsDischarge;

        public bool LacksData(AuditContext context, NetLine line) => line.Code == BedFee && (!readsDischarge || context.Episode.IsDischarged);

        public Hit? Check(AuditContext context, NetLine line) => null;
    }

    [Fact]
    public void A_line_hit_by_several_rules_is_deducted_at_most_its_amount()
    {
        var both = new Finding("a", "R1", "k", Severity.Violation, "H1", "M1", "P1", ["1"], [], 30, "", "", FindingStatus.Open, "v") { LineAmounts = [30] };
        var again = both with { FindingId = "b", RuleId = "R2" };
        var suspicious = both with { FindingId = "c", Severity = Severity.Suspicious };

        var deduction = Deductions.Reconcile([both, again, suspicious], new Dictionary<string, decimal> { ["1"] = 40 });

        Assert.Equal(40m, deduction);
    }

    [Fact]
    public void Rules_apply_only_to_fees_inside_their_effective_dates()
    {
        var rule = Rule<ClaimAudit.Rules.Judging.ILineRule>("limit.sex", from: "2026-04-01");
        var audit = new EpisodeAudit(RuleSetOf(rule), Inpatient(gend: "1"), null);

        audit.Add([Line("1", FemaleOnlyDrug, "2026-03-31 23:59:00"), Line("2", FemaleOnlyDrug, "2026-04-01 00:00:00")]);

        var finding = Assert.Single(audit.Findings);
        Assert.Equal(["2"], finding.FeedetlSns);
    }
}
