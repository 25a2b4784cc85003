using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using static ClaimAudit.Rules.Tests.TestData;

namespace ClaimAudit.Rules.Tests.Kinds;

public class BedDaysRuleTests
{
    private readonly IEpisodeRule _rule = Rule<IEpisodeRule>("stay.bed-days");

    private static FeeLine[] BedLines(string firstDate, int count) => Enumerable.Range(0, count)
        .Select(i => Line($"B{i}", BedFee, DateTime.Parse(firstDate).AddDays(i).AddHours(23).ToString("yyyy-MM-dd HH:mm:ss"), pric: 50, type: "01"))
        .ToArray();

    [Fact]
    public void Bed_units_equal_to_the_stay_days_are_not_flagged()
    {
        var episode = Inpatient(begntime: "2026-03-01 08:00:00", endtime: "2026-03-05 10:00:00");

        Assert.Empty(_rule.Check(Context(episode), PartitionKey.Whole, BedLines("2026-03-01", 4).Select(Net).ToList()));
    }

    [Fact]
    public void One_bed_unit_more_than_the_stay_days_flags_the_last_line()
    {
        var episode = Inpatient(begntime: "2026-03-01 08:00:00", endtime: "2026-03-05 10:00:00");

        var hit = Assert.Single(_rule.Check(Context(episode), PartitionKey.Whole, BedLines("2026-03-01", 5).Select(Net).ToList()));

        Assert.Equal(["B4"], hit.FeedetlSns);
        Assert.Equal(50m, hit.Amount);
        Assert.Equal(5, hit.RelatedSns.Count);
    }

    [Fact]
    public void A_same_day_stay_counts_as_one_day()
    {
        var episode = Inpatient(begntime: "2026-03-01 08:00:00", endtime: "2026-03-01 18:00:00");

        Assert.Empty(_rule.Check(Context(episode), PartitionKey.Whole, BedLines("2026-03-01", 1).Select(Net).ToList()));
        Assert.Single(_rule.Check(Context(episode), PartitionKey.Whole, BedLines("2026-03-01", 2).Select(Net).ToList()));
    }

    [Fact]
    public void Bed_days_are_judged_only_once_the_discharge_is_known() => Assert.True(_rule.AwaitsDischarge);

    [Fact]
    public void Only_bed_fee_lines_of_inpatient_episodes_are_counted()
    {
        var context = Context(Inpatient());

        Assert.Equal([PartitionKey.Whole], _rule.Partitions(context, Net(Line("1", BedFee, type: "01"))));
        Assert.Empty(_rule.Partitions(context, Net(Line("2", InpatientConsultation, type: "02"))));
    }
}
