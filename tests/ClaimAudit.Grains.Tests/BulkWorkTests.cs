using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Grains.Tests;

public class BulkWorkTests
{
    private static BulkWork OneSlot() => new(Options.Create(new ClaimAuditOptions { BulkEngineSlots = 1 }));

    [Fact]
    public async Task A_second_bulk_call_waits_for_the_first_to_leave_its_slot_while_a_real_time_call_never_waits()
    {
        using var work = OneSlot();
        Task<BulkWork.Slot> second;
        using (WorkLane.EnterBulk())
        {
            var first = await work.EnterAsync("episode_batch");
            second = work.EnterAsync("episode_batch").AsTask();
            await Task.Delay(100);
            Assert.False(second.IsCompleted);

            // The same call without the lane mark (a 事中 check) goes straight through.
            Task<BulkWork.Slot> realTime;
            using (ExecutionContext.SuppressFlow())
                realTime = Task.Run(async () => await work.EnterAsync("episode_batch"));
            (await realTime.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
            Assert.False(second.IsCompleted);

            first.Dispose();
        }
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Leaving_the_bulk_scope_clears_the_lane_of_later_calls()
    {
        using var work = OneSlot();
        using (WorkLane.EnterBulk())
            Assert.True(WorkLane.IsBulk);
        Assert.False(WorkLane.IsBulk);
        var held = await work.EnterAsync("episode_batch");
        // Held nothing: another call would not wait for it.
        var next = work.EnterAsync("episode_batch");
        Assert.True(next.IsCompleted);
        held.Dispose();
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(3, 3)]
    [InlineData(0, 1)]
    public void Slots_default_to_one_core_fewer_than_the_silo_has_and_never_fewer_than_one(int? configured, int expected)
    {
        var slots = BulkWork.Slots(new ClaimAuditOptions { BulkEngineSlots = configured });
        Assert.Equal(configured is null ? Math.Max(1, Environment.ProcessorCount - 1) : expected, slots);
    }
}
