using ClaimAudit.Abstractions;

namespace ClaimAudit.Persistence.Tests;

public class AccessLogStoreTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Reads_are_appended_and_answered_newest_first_by_episode_credential_and_time()
    {
        var store = new PostgresAccessLogStore(database.DataSource);
        var code = $"H{Guid.NewGuid():N}"[..12];
        var at = new DateTimeOffset(2026, 3, 5, 1, 2, 3, TimeSpan.Zero).AddTicks(4560); // PostgreSQL keeps microseconds
        AccessEntry Entry(int minutes, string credential, string mdtrt, string? remote = "10.0.0.7") =>
            new(at.AddMinutes(minutes), credential, "HIS of 甲医院", "hospital", "GET episode", code, mdtrt, remote);

        await store.AppendAsync([Entry(0, "k1", "M1"), Entry(1, "k2", "M1", remote: null)]);
        await store.AppendAsync([Entry(2, "k1", "M2")]);

        var byEpisode = await store.QueryAsync(new AccessLogQuery(code, "M1", null, null, null, 10));
        var byCredential = await store.QueryAsync(new AccessLogQuery(code, null, "k1", null, null, 10));
        var byTime = await store.QueryAsync(new AccessLogQuery(code, null, null, at.AddMinutes(1), at.AddMinutes(2), 10));
        var limited = await store.QueryAsync(new AccessLogQuery(code, null, null, null, null, 1));

        Assert.Equal([Entry(1, "k2", "M1", remote: null), Entry(0, "k1", "M1")], byEpisode);
        Assert.Equal(["M2", "M1"], byCredential.Select(e => e.MdtrtId));
        Assert.Equal([Entry(1, "k2", "M1", remote: null)], byTime);
        Assert.Equal([Entry(2, "k1", "M2")], limited);
    }
}
