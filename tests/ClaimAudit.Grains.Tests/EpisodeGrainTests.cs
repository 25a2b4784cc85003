using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Contracts;
using static ClaimAudit.Grains.Tests.Samples;

namespace ClaimAudit.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class EpisodeGrainTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private static FeeLine[] Batch() =>
    [
        Line("1", FemaleOnlyDrug, "2026-03-02 10:00:00", cnt: 2, pric: 12, type: "11"),
        Line("2", InpatientConsultation, "2026-03-02 09:00:00"),
        Line("3", InpatientConsultation, "2026-03-02 17:00:00"),
    ];

    [Fact]
    public async Task Re_sending_a_batch_returns_the_same_findings_and_leaves_totals_unchanged()
    {
        var mdtrt = Unique("M");
        var episode = _client.GetEpisode("H1", mdtrt);
        await episode.Admit(Admission(mdtrt, Unique("P")));

        var first = await episode.AddFeeLines(Batch());
        var totals = (await episode.Get())!.Totals;
        var again = await episode.AddFeeLines(Batch());

        Assert.Equal((3, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 3), (again.Accepted, again.Duplicates));
        Assert.Equal(["limit.sex", "qty.per-period"], first.Findings.Select(f => f.RuleKind).Order());
        Assert.Equal(first.Findings.Select(f => f.FindingId), again.Findings.Select(f => f.FindingId));
        Assert.Equal(totals, (await episode.Get())!.Totals);
        Assert.Equal(3, totals.LineCount);
    }

    [Fact]
    public async Task A_refund_line_cancels_its_original_units_for_the_rules()
    {
        var mdtrt = Unique("M");
        var episode = _client.GetEpisode("H1", mdtrt);
        await episode.Admit(Admission(mdtrt, Unique("P")));
        await episode.AddFeeLines(Batch());

        var result = await episode.AddFeeLines([Line("4", InpatientConsultation, "2026-03-02 18:00:00", cnt: -1, refundOf: "3")]);

        var view = await episode.Get();
        Assert.DoesNotContain(view!.Findings, f => f.RuleKind == "qty.per-period");
        Assert.Contains(view.Withdrawn, f => f.RuleKind == "qty.per-period");
        Assert.Equal(1, result.Accepted);
        Assert.Equal(64m - 20m, view.Totals.Amount);
    }

    [Fact]
    public async Task Fee_lines_for_an_episode_never_admitted_are_refused()
    {
        var episode = _client.GetEpisode("H1", Unique("M"));

        await Assert.ThrowsAsync<EpisodeNotAdmittedException>(() => episode.AddFeeLines(Batch()));
        Assert.Null(await episode.Get());
    }

    [Fact]
    public async Task A_deactivated_episode_reactivates_from_its_log_with_identical_state_and_findings()
    {
        var mdtrt = Unique("M");
        var episode = _client.GetEpisode("H1", mdtrt);
        await episode.Admit(Admission(mdtrt, Unique("P")));
        await episode.AddFeeLines(Batch());
        var before = await episode.Get();

        await fixture.Cluster.DeactivateAsync(episode);
        var after = await episode.Get();

        Assert.Equal(before!.Totals, after!.Totals);
        Assert.Equal(before.Findings.Select(f => (f.FindingId, f.Amount, f.Message)), after.Findings.Select(f => (f.FindingId, f.Amount, f.Message)));
        Assert.Equal(3, (await episode.AddFeeLines(Batch())).Duplicates);
    }

    [Fact]
    public async Task Discharge_answers_final_findings_and_feeds_the_institution_once()
    {
        var institution = Unique("H");
        await _client.GetGrain<IInstitutionGrain>(institution).Upsert(new InstitutionProfile(institution, "测试医院", "05", "330100"));
        var mdtrt = Unique("M");
        var episode = _client.GetEpisode(institution, mdtrt);
        await episode.Admit(Admission(mdtrt, Unique("P"), fixmedins: institution));
        await episode.AddFeeLines(Batch());

        var final = await episode.Discharge(DischargeAt("2026-03-03 10:00:00"));
        await episode.Discharge(DischargeAt("2026-03-03 10:00:00"));

        Assert.Equal(EpisodeStatus.Discharged, final.Status);
        var counters = await _client.GetGrain<IInstitutionGrain>(institution).Get();
        Assert.Equal(1, counters!.Episodes);
        Assert.Equal(3, counters.Lines);
        Assert.Equal(final.Totals.Deduction, counters.Deduction);
        Assert.Equal(1, counters.FindingsByKind["limit.sex"]);
        Assert.Equal("05", counters.Profile.HospLv);
    }
}

[Collection(ClusterCollection.Name)]
public class DiagnosisAndCoverageTests(ClusterFixture fixture)
{
    private const string HeadInjuryDrug = "XN07XXB093B002010100075"; // 吡拉西坦注射液: payable only with S06/T90

    [Fact]
    public async Task A_diagnosis_limited_finding_is_withdrawn_when_the_discharge_diagnosis_satisfies_it()
    {
        var mdtrt = Unique("M");
        var episode = fixture.Client.GetEpisode("H1", mdtrt);
        await episode.Admit(Admission(mdtrt, Unique("P"), diag: "J18.900"));

        var during = await episode.AddFeeLines([Line("1", HeadInjuryDrug, "2026-03-02 10:00:00", pric: 25, type: "09")]);
        var final = await episode.Discharge(DischargeAt("2026-03-04 10:00:00", "S06.000"));

        Assert.Contains(during.Findings, f => f.RuleKind == "limit.diagnosis");
        Assert.DoesNotContain(final.Findings, f => f.RuleKind == "limit.diagnosis");
        Assert.Contains(final.Withdrawn, f => f.RuleKind == "limit.diagnosis" && f.Status == FindingStatus.Withdrawn);
        Assert.Equal(0m, final.Totals.Deduction);
    }

    [Fact]
    public async Task Coverage_names_the_rules_that_lacked_data_instead_of_passing_them()
    {
        var mdtrt = Unique("M");
        var unknownInstitution = Unique("H");
        var episode = fixture.Client.GetEpisode(unknownInstitution, mdtrt);
        await episode.Admit(Admission(mdtrt, Unique("P"), fixmedins: unknownInstitution));

        var result = await episode.AddFeeLines([Line("1", "XB05BAU005B002010102180", "2026-03-02 10:00:00", pric: 40, type: "09")]);

        var skipped = result.Coverage!.Skipped.ToDictionary(s => s.RuleKind, s => s.Reason);
        Assert.Contains("has no known hosp_lv", skipped["limit.level"]);
        Assert.Contains("hosp_lv", skipped["price.over-cap"]);
        Assert.Contains("prd_days", skipped["drug.supply-overlap"]);
        Assert.Equal("judged at discharge", skipped["stay.bed-days"]);
        Assert.Contains("limit.sex", result.Coverage.RulesRun.Select(id => id == "NHSA-XB-01" ? "limit.sex" : id));
    }
}

[Collection(ClusterCollection.Name)]
public class InstitutionCoalescingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Discharges_arriving_together_are_all_counted_and_all_persisted()
    {
        var institution = Unique("H");
        await fixture.Client.GetGrain<IInstitutionGrain>(institution).Upsert(new InstitutionProfile(institution, null, "05", null));

        await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var mdtrt = Unique("M");
            var episode = fixture.Client.GetEpisode(institution, mdtrt);
            await episode.Admit(Admission(mdtrt, Unique("P"), fixmedins: institution));
            await episode.AddFeeLines([Line("1", InpatientConsultation, "2026-03-02 09:00:00")]);
            await episode.Discharge(DischargeAt("2026-03-04 10:00:00"));
        }));
        var live = await fixture.Client.GetGrain<IInstitutionGrain>(institution).Get();
        await fixture.Cluster.DeactivateAsync(fixture.Client.GetGrain<IInstitutionGrain>(institution));
        var reloaded = await fixture.Client.GetGrain<IInstitutionGrain>(institution).Get();

        Assert.Equal((24, 24), (live!.Episodes, live.Lines));
        Assert.Equal((24, 24), (reloaded!.Episodes, reloaded.Lines));
        Assert.Equal(24 * 20m, reloaded.Amount);
    }
}
