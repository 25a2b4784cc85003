using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Engine;

public class PersonAuditTests
{
    [Fact]
    public void An_earlier_stay_arriving_later_raises_the_readmission_on_the_later_stay()
    {
        var person = new PersonAudit(_ => ShippedRuleSet, "P1");
        var later = PersonEpisode.From(Inpatient("M2", begntime: "2026-03-12 08:00:00", endtime: "2026-03-15 10:00:00"));
        var earlier = PersonEpisode.From(Inpatient("M1", begntime: "2026-03-01 08:00:00", endtime: "2026-03-05 10:00:00"));

        Assert.Empty(person.Update(later, []));
        person.Update(earlier, []);

        var finding = Assert.Single(person.Findings.ToList());
        Assert.Equal("M2", finding.MdtrtId);
        Assert.Equal("episode.readmission", finding.RuleKind);
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Single(person.FindingsFor("H1", "M2"));
        Assert.Empty(person.FindingsFor("H1", "M1"));
    }

    [Fact]
    public void A_changed_diagnosis_at_discharge_withdraws_the_readmission()
    {
        var person = new PersonAudit(_ => ShippedRuleSet, "P1");
        person.Update(PersonEpisode.From(Inpatient("M1", begntime: "2026-03-01 08:00:00", endtime: "2026-03-05 10:00:00")), []);
        Assert.Single(person.Update(PersonEpisode.From(Inpatient("M2", begntime: "2026-03-12 08:00:00")), []));

        var findings = person.Update(PersonEpisode.From(Inpatient("M2", begntime: "2026-03-12 08:00:00", endtime: "2026-03-14 10:00:00", diag: "K35.800")), []);

        Assert.Empty(findings);
    }

    [Fact]
    public void The_findings_version_moves_when_a_finding_is_raised_repriced_or_withdrawn_and_only_then()
    {
        var person = new PersonAudit(_ => ShippedRuleSet, "P1");
        var first = PersonEpisode.From(Inpatient("M1", begntime: "2026-03-01 08:00:00"));
        var second = PersonEpisode.From(Inpatient("M2", begntime: "2026-03-01 08:00:00", fixmedins: "H2"));
        static PersonLine Line(string episode, string sn, decimal cnt, int minute = 0, decimal? amount = null) =>
            new(episode == "M1" ? "H1" : "H2", episode, sn, "X", "09", new DateTime(2026, 3, 2, 9, minute, 0), cnt, 10m, amount ?? cnt * 10m, null, "21");
        int Duplicates() => person.Findings.Count(f => f.RuleKind == "charge.duplicate-line");
        person.Update(first, []);
        person.Update(second, []); // the stays overlap: that finding is raised here, before the lines

        var version = person.FindingsVersion;
        person.Update(first, [Line("M1", "1", 2)]);
        person.Update(first, [Line("M1", "2", 2, minute: 30)]); // another minute: no duplicate
        Assert.Equal(version, person.FindingsVersion);

        person.Update(second, [Line("M2", "7", 2)]); // the same fee billed by another institution
        Assert.NotEqual(version, version = person.FindingsVersion);
        Assert.Equal(1, Duplicates());

        person.Update(second, [Line("M2", "9", 1, minute: 45)]); // a line with no partition to share
        Assert.Equal(version, person.FindingsVersion);

        person.Update(second, [Line("M2", "7", 2, amount: 15m)]); // sent again with another amount: the finding's amount moves
        Assert.NotEqual(version, version = person.FindingsVersion);
        Assert.Equal(15m, person.Findings.Single(f => f.RuleKind == "charge.duplicate-line").Amount);
        person.Update(second, [Line("M2", "7", 2, amount: 15m)]); // the same again: its partition is judged again, to the same finding
        Assert.Equal(version, person.FindingsVersion);

        person.Update(second, [Line("M2", "7", 0)]); // refunded in full: the duplicate is withdrawn
        Assert.NotEqual(version, person.FindingsVersion);
        Assert.Equal(0, Duplicates());
    }

    [Fact]
    public void Lines_of_one_episode_that_each_came_with_their_own_episode_part_are_held_with_one()
    {
        // As lines arrive from another silo: every one deserialized with its own copy of the episode's texts.
        var person = new PersonAudit(_ => ShippedRuleSet, "P1");
        var episode = PersonEpisode.From(Inpatient("M1", begntime: "2026-03-01 08:00:00"));
        var lines = Enumerable.Range(1, 3).Select(i => new PersonLine(new string("H1"), new string("M1"), $"{i}", "X", "09",
            new DateTime(2026, 3, 2, 9, i, 0), 1m, 10m, 10m, null, new string("21"))).ToList();

        person.Update(episode, lines);
        person.Update(episode, [lines[0] with { Cnt = 0.5m, Amount = 5m }]);

        var held = person.Lines.ToList();
        Assert.Equal(3, held.Count);
        Assert.All(held, l => Assert.Same(held[0].Episode, l.Episode));
        Assert.Equal(lines.Select(l => l.FeedetlSn).Order(), held.Select(l => l.FeedetlSn).Order());
        Assert.Equal(0.5m, held.Single(l => l.FeedetlSn == "1").Cnt);
    }

    [Fact]
    public void A_line_sent_again_with_its_refund_is_held_as_it_is_now_and_the_person_keeps_nothing_of_it_as_it_was()
    {
        var person = new PersonAudit(_ => ShippedRuleSet, "P1");
        var episode = PersonEpisode.From(Inpatient("M1", begntime: "2026-03-01 08:00:00"));
        var before = Sent(person, episode);

        var now = PersonLineOf("M1", "1", "X", "2026-03-02 09:00:00", prdDays: 7) with { Cnt = 0.5m, Amount = 5m };
        person.Update(episode, [now]);

        Assert.Equal(0.5m, Assert.Single(person.Lines).Cnt);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(before.IsAlive);
    }

    // The line is made here and the method not inlined, so that nothing of the caller (not even a Debug build's
    // temporaries) holds the line as it was held.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference Sent(PersonAudit person, PersonEpisode episode)
    {
        person.Update(episode, [PersonLineOf("M1", "1", "X", "2026-03-02 09:00:00", prdDays: 7)]);
        return new WeakReference(person.Lines.Single()); // the person's own copy, should it have shared its codes

    }
}
