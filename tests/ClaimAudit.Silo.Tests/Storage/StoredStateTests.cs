using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using ClaimAudit.Testing.Storage;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace ClaimAudit.Silo.Tests.Storage;

public class StoredStateTests
{
    /// <summary>The serializer the silo host configures for ClaimAudit's grain storage (durable: AdoNet; embedded: memory).</summary>
    private static IGrainStorageSerializer ConfiguredSerializer(bool durable)
    {
        var builder = Host.CreateApplicationBuilder();
        if (durable)
            builder.Configuration["ConnectionStrings:ClaimAudit"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none";
        builder.AddClaimAuditSilo();
        using var host = builder.Build(); // built, not started: nothing connects
        return durable
            ? host.Services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.ClaimAudit).GrainStorageSerializer
            : host.Services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(StorageNames.ClaimAudit).GrainStorageSerializer;
    }

    /// <summary>Every sampled state, written by <paramref name="write"/>, reads back through the serializer as it was.</summary>
    private static void ReadsBack<T>(IGrainStorageSerializer serializer, Gen<T> states, Func<T, BinaryData> write, bool exactScale = true, int iterations = 400) =>
        states.Sample(state => Assert.Null(Equivalence.FirstDifference(state, serializer.Deserialize<T>(write(state)), exactScale)), iter: iterations);

    private static void RoundTrips<T>(IGrainStorageSerializer serializer, Gen<T> states, int iterations = 400) =>
        ReadsBack(serializer, states, state => serializer.Serialize(state), iterations: iterations);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_grain_state_round_trips_through_the_storage_serializer_the_silo_configures(bool durable)
    {
        var serializer = ConfiguredSerializer(durable);

        Assert.IsType<GrainStateSerializer>(serializer);
        RoundTrips(serializer, StateGenerators.EpisodeState);
        RoundTrips(serializer, StateGenerators.PersonState);
        RoundTrips(serializer, StateGenerators.InstitutionState);
        RoundTrips(serializer, StateGenerators.RulesState, 50);
        RoundTrips(serializer, StateGenerators.ConsoleKeysState, 100);
    }

    [Fact]
    public void Collections_built_by_collection_expressions_read_back_whatever_their_length()
    {
        var serializer = ConfiguredSerializer(durable: true);
        StateGenerators.Finding.Sample(finding =>
        {
            foreach (var sns in new[] { Array.Empty<string>(), ["only"], ["one", "two", "three"] })
            {
                var state = new Grains.Episodes.EpisodeState { CrossEpisodeFindings = [finding with { FeedetlSns = StateGenerators.Built(sns) }] };
                var read = serializer.Deserialize<Grains.Episodes.EpisodeState>(serializer.Serialize(state));
                Assert.Equal(sns, read!.CrossEpisodeFindings.Single().FeedetlSns);
            }
        }, iter: 50);
    }

    /// <summary>What Orleans' AdoNet storage wrote before ClaimAudit chose its format: Newtonsoft.Json with type names.</summary>
    private static readonly Newtonsoft.Json.JsonSerializerSettings PreviousFormat = new()
    {
        TypeNameHandling = Newtonsoft.Json.TypeNameHandling.All,
        PreserveReferencesHandling = Newtonsoft.Json.PreserveReferencesHandling.Objects,
        DateFormatHandling = Newtonsoft.Json.DateFormatHandling.IsoDateFormat,
        DefaultValueHandling = Newtonsoft.Json.DefaultValueHandling.Ignore,
        MissingMemberHandling = Newtonsoft.Json.MissingMemberHandling.Ignore,
        NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore,
        ConstructorHandling = Newtonsoft.Json.ConstructorHandling.AllowNonPublicDefaultConstructor,
        TypeNameAssemblyFormatHandling = Newtonsoft.Json.TypeNameAssemblyFormatHandling.Simple,
    };

    // That format dropped members equal to their default, so a zero amount lost its scale (0.00 was written as nothing).
    private static void ReadsPreviousFormat<T>(IGrainStorageSerializer serializer, Gen<T> states, int iterations = 300) =>
        ReadsBack(serializer, states, state => new BinaryData(System.Text.Encoding.UTF8.GetBytes(Newtonsoft.Json.JsonConvert.SerializeObject(state, PreviousFormat))),
            exactScale: false, iterations: iterations);

    [Fact]
    public void Rows_in_the_previous_format_read_back_as_they_were_written()
    {
        var serializer = ConfiguredSerializer(durable: true);

        ReadsPreviousFormat(serializer, StateGenerators.EpisodeState);
        ReadsPreviousFormat(serializer, StateGenerators.PersonState);
        ReadsPreviousFormat(serializer, StateGenerators.InstitutionState);
        ReadsPreviousFormat(serializer, StateGenerators.RulesState, 50);
    }

    [Fact]
    public void The_stored_format_names_its_version_and_no_clr_type()
    {
        var serializer = ConfiguredSerializer(durable: true);
        StateGenerators.EpisodeState.Sample(state =>
        {
            var text = serializer.Serialize(state).ToString();
            Assert.StartsWith("{\"claimaudit_state\":1,\"state\":{", text);
            Assert.DoesNotContain("$type", text);
            Assert.DoesNotContain("ClaimAudit.", text);
        }, iter: 100);
    }

    [Fact]
    public void A_state_written_by_hand_in_format_1_reads_as_its_contract_says()
    {
        var serializer = ConfiguredSerializer(durable: true);
        const string row = """
            {"claimaudit_state":1,"state":{"episode":{"fixmedins_code":"H1","mdtrt_id":"M1","psn_no":"P1","gend":"1","brdy":"1970-01-02",
            "insutype":"310","med_type":"21","begntime":"2026-03-01T08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]},
            "cross_episode_findings":[{"finding_id":"F1","rule_id":"R1","rule_kind":"episode.readmission","severity":"suspicious","fixmedins_code":"H1",
            "mdtrt_id":"M1","psn_no":"P1","feedetl_sns":["7"],"related_sns":[],"amount":12.50,"message":"m","basis":"b","status":"withdrawn",
            "rule_set_version":"v","line_amounts":[12.50],"subject":"H1/M0"}],
            "reported":{"episodes":1,"lines":3,"amount":30,"deduction":12.5,"findings_by_kind":{"episode.readmission":1},"period":null},
            "a_member_a_later_version_added":{"x":1}}}
            """;

        var state = serializer.Deserialize<Grains.Episodes.EpisodeState>(new BinaryData(System.Text.Encoding.UTF8.GetBytes(row)));

        Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0), state!.Episode!.Begntime);
        Assert.Equal("J18.900", Assert.Single(state.Episode.Diseinfo).DiagCode);
        var finding = Assert.Single(state.CrossEpisodeFindings);
        Assert.Equal((Rules.Contracts.Severity.Suspicious, Rules.Contracts.FindingStatus.Withdrawn, 12.50m, "7", "H1/M0"),
            (finding.Severity, finding.Status, finding.Amount, Assert.Single(finding.FeedetlSns), finding.Subject));
        Assert.Equal(1, state.Reported.FindingsByKind["episode.readmission"]);
    }

    [Fact]
    public void A_row_that_does_not_decode_outside_a_checked_read_throws_instead_of_reading_as_empty()
    {
        var serializer = ConfiguredSerializer(durable: true);

        Assert.Throws<FormatException>(() => serializer.Deserialize<Grains.Episodes.EpisodeState>(new BinaryData("{\"claimaudit_state\":9,\"state\":{}}"u8.ToArray())));
        Assert.Throws<FormatException>(() => serializer.Deserialize<Grains.Episodes.EpisodeState>(new BinaryData("not json"u8.ToArray())));
    }
}
