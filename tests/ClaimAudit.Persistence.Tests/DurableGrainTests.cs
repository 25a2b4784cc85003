using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ClaimAudit.Persistence.Tests;

/// <summary>A silo whose grain state and fee-line log are in PostgreSQL (AdoNet storage + the episode store).</summary>
public sealed class DurableClusterFixture : DatabaseFixture
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Cluster = await StartAsync(ConnectionString);
    }

    /// <summary>One silo on the database; a service id other than the test cluster's own reads grain state rows that service wrote.</summary>
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, string? serviceId = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        if (serviceId is not null)
            builder.Options.ServiceId = serviceId;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddClaimAuditGrainServices(host.Configuration);
            host.Services.AddClaimAuditPostgres(connectionString);
        });
        builder.ConfigureSilo((_, silo) => silo.AddClaimAuditPostgresStorage(connectionString));
        builder.ConfigureClient(client => client.Services.AddClaimAuditSerialization());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public override async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await base.DisposeAsync();
    }
}

public class DurableGrainTests(DurableClusterFixture fixture) : IClassFixture<DurableClusterFixture>
{
    private static FeeLine Line(string sn, string code, string time, decimal cnt = 1, decimal pric = 20, string type = "02") =>
        new(sn, DateTime.Parse(time), code, type, cnt, pric, cnt * pric);

    [Fact]
    public async Task An_episode_deactivated_on_purpose_reactivates_from_postgres_with_identical_state_and_findings()
    {
        var mdtrt = $"M{Guid.NewGuid():N}"[..16];
        var episode = fixture.Cluster.Client.GetEpisode("H1", mdtrt);
        await episode.Admit(new Episode("H1", mdtrt, $"P{mdtrt}", "1", new DateOnly(1980, 5, 1), "310", "21", new DateTime(2026, 3, 1, 8, 0, 0),
            [new Diagnosis("1", "1", "J18.900")]));
        await episode.AddFeeLines([
            Line("1", "001102000050000", "2026-03-02 09:00:00"),
            Line("2", "001102000050000", "2026-03-02 17:00:00"),
            Line("3", "ZD03AAA0043010100166", "2026-03-02 10:00:00", 2, 25, "11"),
        ]);
        await episode.Discharge(new DischargeInfo(new DateTime(2026, 3, 4, 10, 0, 0), [], "1"));
        var before = await episode.Get();

        await fixture.Cluster.DeactivateAsync(episode);
        await fixture.Cluster.DeactivateAsync(fixture.Cluster.Client.GetGrain<IPersonGrain>($"P{mdtrt}"));
        var after = await episode.Get();

        Assert.Equal(EpisodeStatus.Discharged, after!.Status);
        Assert.Equal(before!.Totals, after.Totals);
        Assert.Equal(before.Findings.Select(f => (f.FindingId, f.Amount, f.Message)), after.Findings.Select(f => (f.FindingId, f.Amount, f.Message)));
        Assert.Equal(["limit.sex", "qty.per-period"], after.Findings.Select(f => f.RuleKind).Order());
        Assert.Equal(3, (await episode.AddFeeLines([Line("1", "001102000050000", "2026-03-02 09:00:00"), Line("2", "001102000050000", "2026-03-02 17:00:00"),
            Line("3", "ZD03AAA0043010100166", "2026-03-02 10:00:00", 2, 25, "11")])).Duplicates);

        await using var count = fixture.DataSource.CreateCommand("SELECT count(*) FROM claimaudit_finding WHERE episode_key = $1 AND status = 'open'");
        count.Parameters.AddWithValue($"H1/{mdtrt}");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_reactivated_episode_reads_its_persons_findings_from_postgres_without_activating_the_person()
    {
        var person = $"P{Guid.NewGuid():N}"[..16];
        async Task<IEpisodeGrain> Stay(string begn, string end)
        {
            var mdtrt = $"M{Guid.NewGuid():N}"[..16];
            var episode = fixture.Cluster.Client.GetEpisode("H1", mdtrt);
            await episode.Admit(new Episode("H1", mdtrt, person, "1", new DateOnly(1980, 5, 1), "310", "21", DateTime.Parse(begn),
                [new Diagnosis("1", "1", "J18.900")]));
            await episode.Discharge(new DischargeInfo(DateTime.Parse(end), [], "1"));
            return episode;
        }
        var later = await Stay("2026-03-12 08:00:00", "2026-03-15 10:00:00");
        await Stay("2026-03-01 08:00:00", "2026-03-05 10:00:00"); // arrives late: the person raises the readmission on the later stay
        var before = await later.Get();

        await fixture.Cluster.DeactivateAsync(later);
        await fixture.Cluster.DeactivateAsync(fixture.Cluster.Client.GetGrain<IPersonGrain>(person));
        var after = await later.Get();

        Assert.Equal("episode.readmission", Assert.Single(after!.Findings).RuleKind);
        Assert.Equal(before!.Findings, after.Findings);
        var active = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("person"));
        Assert.DoesNotContain(GrainId.Create("person", person), active);
    }
}
