using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;
using static ClaimAudit.Grains.Tests.Samples;

namespace ClaimAudit.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class ReadmissionAcrossGrainsTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private async Task<EpisodeView> Stay(string psnNo, string begn, string end, string diag = "J18.900", string fixmedins = "H1", string? rinp = null)
    {
        var mdtrt = Unique("M");
        var episode = _client.GetEpisode(fixmedins, mdtrt);
        await episode.Admit(Admission(mdtrt, psnNo, begn, diag, fixmedins: fixmedins, rinp: rinp));
        return await episode.Discharge(DischargeAt(end, diag));
    }

    [Theory]
    [InlineData("2026-03-20 09:00:00", "J18.900", null, true)] // 15 days, same category
    [InlineData("2026-03-21 09:00:00", "J18.900", null, false)] // 16 days
    [InlineData("2026-03-20 09:00:00", "K35.800", null, false)] // another category
    [InlineData("2026-03-20 09:00:00", "J18.900", "1", false)] // declared planned readmission
    public async Task Second_stay_is_flagged_only_within_15_days_with_the_same_category(string secondAdmission, string diag, string? rinp, bool flagged)
    {
        var person = Unique("P");
        var first = await Stay(person, "2026-03-01 08:00:00", "2026-03-05 10:00:00");

        var second = await Stay(person, secondAdmission, DateTime.Parse(secondAdmission).AddDays(3).ToString("yyyy-MM-dd HH:mm:ss"), diag, rinp: rinp);

        Assert.Equal(flagged, second.Findings.Any(f => f.RuleKind == "episode.readmission"));
        Assert.DoesNotContain(first.Findings, f => f.RuleKind == "episode.readmission");
    }

    [Fact]
    public async Task An_earlier_stay_arriving_late_raises_the_readmission_on_the_later_episode()
    {
        var person = Unique("P");
        var later = await Stay(person, "2026-03-12 08:00:00", "2026-03-15 10:00:00");
        Assert.Empty(later.Findings);

        await Stay(person, "2026-03-01 08:00:00", "2026-03-05 10:00:00");

        var now = await _client.GetEpisode("H1", later.MdtrtId).Get();
        var finding = Assert.Single(now!.Findings);
        Assert.Equal("episode.readmission", finding.RuleKind);
        Assert.Equal(later.MdtrtId, finding.MdtrtId);
    }

    [Fact]
    public async Task A_reactivated_episode_answers_the_findings_a_late_earlier_stay_raised_on_it_without_activating_its_person()
    {
        var person = Unique("P");
        var later = await Stay(person, "2026-03-12 08:00:00", "2026-03-15 10:00:00");
        await Stay(person, "2026-03-01 08:00:00", "2026-03-05 10:00:00");
        var episode = _client.GetEpisode("H1", later.MdtrtId);
        var before = await episode.Get();

        await fixture.Cluster.DeactivateAsync(episode);
        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IPersonGrain>(person));
        var after = await episode.Get();

        var finding = Assert.Single(after!.Findings);
        Assert.Equal("episode.readmission", finding.RuleKind);
        Assert.Equal(Assert.Single(before!.Findings), finding);
        Assert.False(await IsActive("person", person));
    }

    [Fact]
    public async Task A_decision_on_a_cross_episode_finding_holds_after_its_episode_and_person_reactivate()
    {
        var person = Unique("P");
        await Stay(person, "2026-03-01 08:00:00", "2026-03-05 10:00:00");
        var later = await Stay(person, "2026-03-12 08:00:00", "2026-03-15 10:00:00");
        var episode = _client.GetEpisode("H1", later.MdtrtId);
        var readmission = Assert.Single(later.Findings);
        Assert.Equal(FindingStatus.PendingReview, readmission.Status);
        await episode.Review(readmission.FindingId, new ReviewRequest(ReviewAction.Confirm, new Actor("auditor", "bureau"), "15 天内同类再入院", []));

        await fixture.Cluster.DeactivateAsync(episode);
        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IPersonGrain>(person));
        var after = await episode.Get();

        Assert.Equal(readmission with { Status = FindingStatus.Confirmed }, Assert.Single(after!.Findings));
        Assert.Equal(readmission.Amount, after.Totals.Deduction);
    }

    private async Task<bool> IsActive(string grainType, string key) =>
        (await _client.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create(grainType))).Contains(GrainId.Create(grainType, key));
}
