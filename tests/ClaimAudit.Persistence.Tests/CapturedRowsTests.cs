using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace ClaimAudit.Persistence.Tests;

/// <summary>
/// Rows written by an earlier version of ClaimAudit (fee lines as one jsonb row each, captured at 38f85de; see
/// Fixtures/json-rows-38f85de/README.md) loaded into a database this version migrated: every episode reactivates with
/// the view and finding histories that version answered, and keeps working — a re-send is a duplicate, new lines are
/// stored in today's format, and an episode whose log mixes both formats reactivates as it was.
/// </summary>
public sealed class CapturedRowsTests : IAsyncLifetime
{
    private const string Fixture = "Fixtures/json-rows-38f85de";
    private string _database = null!;
    private string _connectionString = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.Instance.CreateDatabaseAsync();
        _connectionString = PostgresServer.Instance.ConnectionString(_database);
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await SchemaMigrator.ApplyAsync(dataSource);
        await using var load = dataSource.CreateCommand(Unzipped("rows.sql"));
        await load.ExecuteNonQueryAsync();
        _cluster = await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.Instance.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Episodes_stored_as_json_rows_reactivate_with_the_views_and_histories_the_earlier_version_answered()
    {
        var expected = JsonNode.Parse(Unzipped("expected.json"))!.AsObject();
        Assert.Equal(110, expected.Count);
        Assert.Contains(expected, e => e.Value!["view"]!["withdrawn"]!.AsArray().Count > 0);
        Assert.Contains(expected, e => e.Value!["details"]!.AsArray().Any(d => d!["history"]!.AsArray().Count > 1));
        foreach (var (key, stored) in expected)
        {
            var episode = _cluster.Client.GetEpisode(key.Split('/')[0], key.Split('/')[1]);
            var view = await episode.Get();
            Assert.True(JsonNode.DeepEquals(stored!["view"], JsonSerializer.SerializeToNode(view, NationalJson.Options)), $"{key}: the view differs");
            foreach (var detail in stored["details"]!.AsArray())
            {
                var now = await episode.GetFinding((string)detail!["finding"]!["finding_id"]!);
                Assert.True(JsonNode.DeepEquals(detail, JsonSerializer.SerializeToNode(now, NationalJson.Options)), $"{key}: a finding's detail differs");
            }
        }
    }

    [Fact]
    public async Task An_episode_whose_log_mixes_json_rows_and_todays_batches_reactivates_as_it_was()
    {
        var document = Unzipped("province.ndjson").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .First(d => d["feedetail"]!.AsArray().Count >= 20);
        var lines = document["feedetail"].Deserialize<List<FeeLine>>(NationalJson.Options)!;
        var episode = _cluster.Client.GetEpisode((string)document["fixmedins_code"]!, (string)document["mdtrt_id"]!);

        var resent = await episode.AddFeeLines(lines);
        Assert.Equal((0, lines.Count), (resent.Accepted, resent.Duplicates));
        var added = lines.Take(3).Select((l, i) => l with { FeedetlSn = $"{l.FeedetlSn}-new{i}", FeeOcurTime = l.FeeOcurTime.AddMinutes(7) }).ToList();
        Assert.Equal(3, (await episode.AddFeeLines(added)).Accepted);
        var before = JsonSerializer.SerializeToNode(await episode.Get(), NationalJson.Options);

        await _cluster.DisposeAsync();
        _cluster = await StartAsync();
        var reactivated = _cluster.Client.GetEpisode((string)document["fixmedins_code"]!, (string)document["mdtrt_id"]!);
        Assert.True(JsonNode.DeepEquals(before, JsonSerializer.SerializeToNode(await reactivated.Get(), NationalJson.Options)));
        Assert.Equal(lines.Count + 3, (await reactivated.AddFeeLines([.. lines, .. added])).Duplicates);
    }

    // Grain state rows are keyed by the service that wrote them.
    private Task<InProcessTestCluster> StartAsync() => DurableClusterFixture.StartAsync(_connectionString, serviceId: "claimaudit-json-rows");

    private static string Unzipped(string name)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, Fixture, name + ".gz"));
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        return reader.ReadToEnd();
    }
}
