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
}
