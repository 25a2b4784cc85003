using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Grains.Tests;

public class InMemoryEpisodeStoreTests
{
    [Fact]
    public async Task Each_episode_reads_back_its_batches_in_acceptance_order_exactly_as_sent()
    {
        var store = new InMemoryEpisodeStore();
        var first = new[]
        {
            Samples.Line("L1", Samples.InpatientConsultation, "2026-03-01 09:00:00", cnt: 1.50m, pric: 20.00m) with { BilgDeptCodg = "A01", PrdDays = -3 },
            Samples.Line("L2", Samples.FemaleOnlyDrug, "2026-03-01 10:00:00") with { UsedFrquDscr = "", ChrgitmLv = null },
        };
        var refund = new[] { Samples.Line("L3", Samples.InpatientConsultation, "2026-03-02 09:00:00", cnt: -1, refundOf: "L1") };
        var other = new[] { Samples.Line("L1", Samples.FemaleOnlyDrug, "2026-03-05 08:00:00") };

        await store.AppendAsync(new EpisodeWrite("H1/A", first, [], null));
        await store.AppendAsync(new EpisodeWrite("H1/B", other, [], null));
        await store.AppendAsync(new EpisodeWrite("H1/A", [], [], null)); // a call that accepted no line
        await store.AppendAsync(new EpisodeWrite("H1/A", refund, [], null));

        var logs = await store.ReadLogsAsync(["H1/A", "H1/B", "H1/none"]);

        Assert.Equal([.. first, .. refund], logs["H1/A"]);
        Assert.Equal(other, logs["H1/B"]);
        Assert.Empty(logs["H1/none"]);
        // Equal decimals may differ in scale; the log keeps the one sent.
        Assert.Equal("1.50", logs["H1/A"][0].Cnt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", logs["H1/A"][1].UsedFrquDscr);
    }

    [Fact]
    public async Task A_log_read_is_not_changed_by_a_batch_appended_after_it()
    {
        var store = new InMemoryEpisodeStore();
        await store.AppendAsync(new EpisodeWrite("H1/A", [Samples.Line("L1", Samples.InpatientConsultation, "2026-03-01 09:00:00")], [], null));

        var read = await store.ReadAsync("H1/A");
        await store.AppendAsync(new EpisodeWrite("H1/A", [Samples.Line("L2", Samples.InpatientConsultation, "2026-03-02 09:00:00")], [], null));

        Assert.Single(read);
        Assert.Equal(2, (await store.ReadAsync("H1/A")).Count);
    }
}
