using System.Collections.Concurrent;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ClaimAudit.Persistence.Tests;

/// <summary>
/// State writes that fail against a real PostgreSQL: refused before they reach it, or landed with their answer lost (the
/// server went away between commit and reply, as under <c>pg_ctl stop -m immediate</c>). The call answers 503 and the
/// caller sends it again; the second answer must be the one a single successful call gives.
/// </summary>
public sealed class FailedWriteTests(FailedWriteTests.Cluster fixture) : IClassFixture<FailedWriteTests.Cluster>
{
    [Fact]
    public async Task A_discharge_whose_state_write_landed_but_lost_its_answer_succeeds_when_sent_again_and_is_counted_once()
    {
        var (episode, institution) = await AdmittedWithLines();
        StorageFaults.Arm(episode, Fault.AnswerLost);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => episode.Discharge(Discharge));
        var view = await episode.Discharge(Discharge);

        Assert.Equal(EpisodeStatus.Discharged, view.Status);
        Assert.Equal((1, 3), await Counted(institution));
        await fixture.Host.DeactivateAsync(episode);
        Assert.Equal(EpisodeStatus.Discharged, (await episode.Get())!.Status);
    }

    [Fact]
    public async Task A_discharge_whose_institution_write_was_refused_is_counted_once_when_sent_again()
    {
        var (episode, institution) = await AdmittedWithLines();
        StorageFaults.Arm(institution, Fault.Refused);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => episode.Discharge(Discharge));
        Assert.Equal((0, 0), await Counted(institution));
        await episode.Discharge(Discharge);

        Assert.Equal((1, 3), await Counted(institution));
        await fixture.Host.DeactivateAsync(institution);
        Assert.Equal((1, 3), await Counted(institution));
    }

    [Fact]
    public async Task An_admission_whose_state_write_was_refused_is_stored_when_sent_again()
    {
        var (fixmedins, mdtrt) = Keys();
        var episode = fixture.Host.Client.GetEpisode(fixmedins, mdtrt);
        StorageFaults.Arm(episode, Fault.Refused);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => episode.Admit(Admission(fixmedins, mdtrt)));
        await episode.Admit(Admission(fixmedins, mdtrt));
        await fixture.Host.DeactivateAsync(episode);

        Assert.Equal(EpisodeStatus.Admitted, (await episode.Get())?.Status);
    }

    [Fact]
    public async Task A_decision_whose_institution_write_was_refused_reaches_the_institution_when_sent_again()
    {
        var (fixmedins, mdtrt) = Keys();
        var institution = fixture.Host.Client.GetGrain<IInstitutionGrain>(fixmedins);
        await institution.Upsert(new InstitutionProfile(fixmedins, "test hospital", "3", null));
        var episode = fixture.Host.Client.GetEpisode(fixmedins, mdtrt);
        await episode.Admit(Admission(fixmedins, mdtrt)); // gend 1: a drug limited to women is an error, deducted
        var batch = await episode.AddFeeLines([new FeeLine("1", new DateTime(2026, 3, 2, 10, 0, 0), "ZD03AAA0043010100166", "11", 2, 25, 50)]);
        var finding = Assert.Single(batch.Findings);
        await episode.Discharge(Discharge);
        await episode.Review(finding.FindingId, new ReviewRequest(ReviewAction.Appeal, new Actor("HIS", "hospital"), "录入性别错误，已更正", []));
        var before = (await institution.Get())!.Deduction;
        var overturn = new ReviewRequest(ReviewAction.Overturn, new Actor("王审核", "reviewer"), "证据充分", []);

        StorageFaults.Arm(institution, Fault.Refused);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => episode.Review(finding.FindingId, overturn));
        Assert.Equal(before, (await institution.Get())!.Deduction);
        var resent = await episode.Review(finding.FindingId, overturn); // refused: the appeal is overturned already

        var deducted = (await episode.Get())!.Totals.Deduction;
        Assert.Equal(FindingStatus.Overturned, resent.RefusedIn);
        Assert.Equal(before - 50, deducted);
        Assert.Equal(deducted, (await institution.Get())!.Deduction);
        await fixture.Host.DeactivateAsync(institution);
        Assert.Equal(deducted, (await institution.Get())!.Deduction);
    }

    [Fact]
    public async Task A_stored_version_the_lost_write_cannot_have_left_is_still_a_conflict()
    {
        var (episode, _) = await AdmittedWithLines();
        StorageFaults.Arm(episode, Fault.AnswerLost);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => episode.Discharge(Discharge));

        // Someone else wrote after the lost write: the row is two versions ahead of what this activation holds.
        await using (var bump = fixture.DataSource.CreateCommand(
                         "UPDATE orleansstorage SET version = version + 1 WHERE graintypestring = 'episode' AND grainidextensionstring = $1"))
        {
            bump.Parameters.AddWithValue(episode.GetPrimaryKeyString());
            Assert.Equal(1, await bump.ExecuteNonQueryAsync());
        }
        var conflict = await Assert.ThrowsAnyAsync<Exception>(() => episode.Discharge(Discharge));

        Assert.IsNotType<StorageUnavailableException>(conflict);
        Assert.Contains(Chain(conflict), e => e is InconsistentStateException);
    }

    private static readonly DischargeInfo Discharge = new(new DateTime(2026, 3, 4, 10, 0, 0), [], "1");

    private static (string Fixmedins, string Mdtrt) Keys() => ($"H{Guid.NewGuid():N}"[..12], $"M{Guid.NewGuid():N}"[..16]);

    private static Episode Admission(string fixmedins, string mdtrt) =>
        new(fixmedins, mdtrt, $"P{mdtrt}", "1", new DateOnly(1980, 5, 1), "310", "21", new DateTime(2026, 3, 1, 8, 0, 0), [new Diagnosis("1", "1", "J18.900")]);

    private async Task<(IEpisodeGrain Episode, IInstitutionGrain Institution)> AdmittedWithLines()
    {
        var (fixmedins, mdtrt) = Keys();
        var institution = fixture.Host.Client.GetGrain<IInstitutionGrain>(fixmedins);
        await institution.Upsert(new InstitutionProfile(fixmedins, "test hospital", "3", null));
        var episode = fixture.Host.Client.GetEpisode(fixmedins, mdtrt);
        await episode.Admit(Admission(fixmedins, mdtrt));
        await episode.AddFeeLines([
            new FeeLine("1", new DateTime(2026, 3, 2, 9, 0, 0), "001102000050000", "02", 1, 20, 20),
            new FeeLine("2", new DateTime(2026, 3, 2, 17, 0, 0), "001102000050000", "02", 1, 20, 20),
            new FeeLine("3", new DateTime(2026, 3, 3, 9, 0, 0), "001102000050000", "02", 1, 20, 20),
        ]);
        return (episode, institution);
    }

    private static async Task<(int Episodes, int Lines)> Counted(IInstitutionGrain institution) =>
        (await institution.Get()) is { } view ? (view.Episodes, view.Lines) : (0, 0);

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            yield return e;
    }

    /// <summary>One silo on its own database, its grain storage behind <see cref="StorageFaults"/>.</summary>
    public sealed class Cluster : DatabaseFixture
    {
        public InProcessTestCluster Host { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var connectionString = ConnectionString;
            var builder = new InProcessTestClusterBuilder(1);
            builder.ConfigureSiloHost((_, host) =>
            {
                host.Services.AddClaimAuditGrainServices(host.Configuration);
                host.Services.AddClaimAuditPostgres(connectionString);
            });
            builder.ConfigureSilo((_, silo) =>
            {
                silo.AddAdoNetGrainStorage(StorageNames.ClaimAudit, o => (o.Invariant, o.ConnectionString) = (PostgresHosting.Invariant, connectionString));
                StorageFaults.Insert(silo.Services, StorageNames.ClaimAudit);
                silo.UseCheckedGrainStorage(StorageNames.ClaimAudit);
            });
            builder.ConfigureClient(client => client.Services.AddClaimAuditSerialization());
            Host = builder.Build();
            await Host.DeployAsync();
        }

        public override async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

public enum Fault
{
    /// <summary>The write never reaches the database.</summary>
    Refused,

    /// <summary>The write commits; its answer does not come back.</summary>
    AnswerLost,
}

/// <summary>Sits between the checked storage and the AdoNet provider; fails the next write of a grain the test names.</summary>
internal sealed class StorageFaults(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly ConcurrentDictionary<GrainId, Fault> Armed = new();

    public static void Arm(IAddressable grain, Fault fault) => Armed[grain.GetGrainId()] = fault;

    public static void Insert(IServiceCollection services, string name)
    {
        var provider = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var create = provider.KeyedImplementationFactory!;
        services.Remove(provider);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new StorageFaults((IGrainStorage)create(sp, key)));
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!Armed.TryRemove(grainId, out var fault))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }
        if (fault == Fault.AnswerLost)
        {
            var (etag, exists) = (grainState.ETag, grainState.RecordExists);
            await inner.WriteStateAsync(stateName, grainId, grainState);
            (grainState.ETag, grainState.RecordExists) = (etag, exists); // the caller never learnt the new version
        }
        throw new NpgsqlException(fault == Fault.Refused ? "connection refused (test)" : "connection lost before the answer (test)");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
