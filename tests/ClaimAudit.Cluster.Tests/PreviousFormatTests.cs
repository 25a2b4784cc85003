using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClaimAudit.Persistence;
using ClaimAudit.Tools.Benchmarking;
using ClaimAudit.Tools.Hosting;
using Npgsql;

namespace ClaimAudit.Cluster.Tests;

/// <summary>
/// A database as the previous grain-state format left it (<c>PreviousFormat/</c>: rows captured from a durable
/// silo of that version, and what it answered), opened by silo processes of this version.
/// </summary>
public partial class PreviousFormatTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "PreviousFormat", name);

    private static string ReadGzip(string name)
    {
        using var file = File.OpenRead(Fixture(name));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return new StreamReader(gzip).ReadToEnd();
    }

    /// <summary>The schema as a silo creates it, then the captured rows, statement by statement.</summary>
    private static async Task RestoreAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var chunk in ReadGzip("rows.sql.gz").Split('\n', StringSplitOptions.RemoveEmptyEntries).Chunk(500))
        {
            await using var command = new NpgsqlCommand(string.Join('\n', chunk), connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string Summary(JsonNode view) => string.Join("|",
        (string)view["status"]!, (int)view["totals"]!["line_count"]!, (int)view["totals"]!["refund_count"]!,
        (decimal)view["totals"]!["amount"]!, (decimal)view["totals"]!["deduction"]!,
        string.Join(",", view["findings"]!.AsArray().Select(f => $"{f!["finding_id"]}:{(decimal)f["amount"]!}:{Status(f)}:{f["message"]}").Order()),
        string.Join(",", view["withdrawn"]!.AsArray().Select(f => (string)f!["finding_id"]!).Order()));

    /// <summary>
    /// That version had no review lifecycle: its suspicious findings said <c>open</c>, whose initial state is now
    /// <c>pending_review</c> (docs/findings.md). Everything else must be as it answered.
    /// </summary>
    private static string Status(JsonNode finding) =>
        (string?)finding["severity"] == "suspicious" && (string?)finding["status"] == "open" ? "pending_review" : (string)finding["status"]!;

    [Fact]
    public async Task Rows_of_the_previous_format_reactivate_and_answer_what_that_version_answered()
    {
        var expected = JsonNode.Parse(ReadGzip("views.json.gz"))!;
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, gateways: 1, prepare: RestoreAsync);
        using var client = new GatewayClient(cluster.Gateways[0].BaseAddress, LocalCredentials.AdminKey, attempts: 120);

        var episodes = expected["episodes"]!.AsArray();
        var failed = new List<string>();
        await Parallel.ForEachAsync(episodes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (view, cancellationToken) =>
        {
            var actual = (await client.GetAsync($"/api/v1/episodes/{view!["fixmedins_code"]}/{view["mdtrt_id"]}", cancellationToken))!;
            if (Summary(actual) != Summary(view))
                lock (failed)
                    failed.Add((string)view["mdtrt_id"]!);
        });
        Assert.Equal(591, episodes.Count);
        Assert.Empty(failed);
        foreach (var institution in expected["institutions"]!.AsArray())
        {
            var actual = (await client.GetAsync($"/api/v1/institutions/{institution!["profile"]!["fixmedins_code"]}"))!;
            // Amounts by value: the previous format wrote 48212 as 48212.0, which reads back with another scale.
            foreach (var counter in new[] { "episodes", "lines", "amount", "deduction" })
                Assert.Equal((decimal)institution[counter]!, (decimal)actual[counter]!);
            Assert.Equal(institution["findings_by_kind"]!.ToJsonString(), actual["findings_by_kind"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task A_stored_state_that_cannot_be_read_answers_503_naming_the_episode_is_logged_once_and_never_overwritten()
    {
        const string broken = "H33010000002/MD0070000008";
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, gateways: 1, prepare: async connectionString =>
        {
            await RestoreAsync(connectionString);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var corrupt = dataSource.CreateCommand(
                "UPDATE orleansstorage SET payloadbinary = convert_to('{\"$id\":\"1\",\"$type\":\"truncated', 'UTF8') WHERE graintypestring = 'episode' AND grainidextensionstring = $1");
            corrupt.Parameters.AddWithValue(broken);
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        });
        var row = await StoredRowAsync(cluster.ConnectionString, broken);
        using var http = LocalCredentials.Http(cluster.Gateways[0].BaseAddress);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var read = await http.GetAsync($"/api/v1/episodes/{broken}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"episode {broken}", (string)JsonNode.Parse(await read.Content.ReadAsStringAsync())!["detail"]!);
        }
        using var write = await http.PostAsync($"/api/v1/episodes/{broken}/fee-lines", new StringContent(
            """{"feedetail":[{"feedetl_sn":"X1","fee_ocur_time":"2026-11-25 09:30:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":1,"pric":20,"det_item_fee_sumamt":20}]}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        using var neighbour = await http.GetAsync("/api/v1/episodes/H33010000002/MD0070000005");
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);

        Assert.Equal(row, await StoredRowAsync(cluster.ConnectionString, broken));
        var silos = cluster.Silos.Select(s => s.Output).ToList();
        Assert.Equal(1, silos.Sum(output => Regex.Count(output, $"Stored state of episode {Regex.Escape(broken)} cannot be read")));
        Assert.DoesNotContain(silos, output => output.Contains("Newtonsoft") || output.Contains("CodecNotFound"));
        var failures = 0L;
        foreach (var silo in cluster.Silos)
        {
            using var metrics = LocalCredentials.Http(silo.BaseAddress);
            failures += ReadFailures().Matches(await metrics.GetStringAsync("/metrics")).Sum(m => long.Parse(m.Groups[1].Value));
        }
        Assert.True(failures >= 1, "claimaudit_state_read_failures_total did not count the unreadable episode");
    }

    private static async Task<byte[]> StoredRowAsync(string connectionString, string grainKey)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT payloadbinary FROM orleansstorage WHERE graintypestring = 'episode' AND grainidextensionstring = $1");
        command.Parameters.AddWithValue(grainKey);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"claimaudit_state_read_failures_total\{[^}]*grain_type=""episode""[^}]*\} (\d+)")]
    private static partial Regex ReadFailures();
}
