using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Testing.Storage;
using CsCheck;

namespace ClaimAudit.Persistence.Tests;

public class EpisodeStoreTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static FeeLine Line(string sn, decimal cnt = 1, string? refundOf = null) =>
        new(sn, new DateTime(2026, 3, 2, 9, 0, 0), "001102000050000", "02", cnt, 20, cnt * 20, InitFeedetlSn: refundOf, PrdDays: 7, BilgDeptCodg: "A03");

    private static Finding Finding(string id, string mdtrt, FindingStatus status = FindingStatus.Open) =>
        new(id, "R1", "qty.per-period", Severity.Violation, "H1", mdtrt, "P1", ["2"], ["1", "2"], 20, "住院诊查费 2 次/日，限 1 次/日", "basis", status, "v1") { LineAmounts = [20] };

    [Fact]
    public void Every_line_withdrawn_finding_and_review_event_the_store_can_be_given_reads_back_as_it_was_written()
    {
        var store = new PostgresEpisodeStore(database.DataSource);
        Gen.Select(StateGenerators.FeeLine.Array[0, 12], StateGenerators.Finding.Array[0, 6], StateGenerators.FindingEvent.Array[0, 6]).Sample(sample =>
        {
            var (generated, raised, events) = sample;
            var key = ($"H{Guid.NewGuid():N}"[..12], $"M{Guid.NewGuid():N}"[..16]);
            var lines = generated.DistinctBy(l => l.FeedetlSn).ToList();
            var findings = raised.Select((f, i) => f with { FindingId = $"{f.FindingId}#{i}#{key.Item2}", FixmedinsCode = key.Item1, MdtrtId = key.Item2 }).ToList();

            store.AppendAsync(new EpisodeWrite(EpisodeKey.Of(key.Item1, key.Item2), lines, findings, null) { Events = events })
                .AsTask().GetAwaiter().GetResult();
            var stored = store.ReadEpisodeAsync(EpisodeKey.Of(key.Item1, key.Item2), []).AsTask().GetAwaiter().GetResult();

            Assert.Null(Equivalence.FirstDifference(lines, stored.Lines.ToList()));
            var withdrawn = findings.Where(f => f.Status == FindingStatus.Withdrawn).OrderBy(f => f.FindingId, StringComparer.Ordinal).ToList();
            Assert.Null(Equivalence.FirstDifference(withdrawn, stored.Withdrawn.OrderBy(f => f.FindingId, StringComparer.Ordinal).ToList()));
            Assert.Null(Equivalence.FirstDifference(events, stored.Events.ToList())); // in the order appended
        }, iter: 150, threads: 1);
    }

    [Fact]
    public async Task A_write_whose_last_statement_fails_stores_none_of_its_lines_or_findings()
    {
        var store = new PostgresEpisodeStore(database.DataSource);
        var mdtrt = $"M{Guid.NewGuid():N}"[..16];
        var key = EpisodeKey.Of("H1", mdtrt);
        // PostgreSQL refuses a NUL character in text: the summary row, the batch's last statement, fails.
        var refused = new EpisodeSummary("H1", mdtrt, "P1\0", "21", new DateTime(2026, 3, 1, 8, 0, 0), null, "admitted", 2, 40, 20);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await store.AppendAsync(new EpisodeWrite(key, [Line("1"), Line("2")], [Finding($"F{mdtrt}", mdtrt)], refused)));
        var stored = await store.ReadEpisodeAsync(key, []);

        Assert.Empty(stored.Lines);
        Assert.Null(await store.LocateAsync($"F{mdtrt}"));
    }

    [Fact]
    public async Task Lines_read_back_as_written_in_arrival_order()
    {
        var store = new PostgresEpisodeStore(database.DataSource);
        var key = $"H1/{Guid.NewGuid():N}";

        await store.AppendAsync(new EpisodeWrite(key, [Line("2"), Line("1")], [], null));
        await store.AppendAsync(new EpisodeWrite(key, [Line("3", -1, "1")], [], null));

        Assert.Equal([Line("2"), Line("1"), Line("3", -1, "1")], await store.ReadAsync(key));
    }

    [Fact]
    public async Task A_line_written_twice_reads_back_once_as_it_was_first_written()
    {
        var store = new PostgresEpisodeStore(database.DataSource);
        var key = $"H1/{Guid.NewGuid():N}";

        await store.AppendAsync(new EpisodeWrite(key, [Line("1")], [], null));
        await store.AppendAsync(new EpisodeWrite(key, [Line("1", 5), Line("2")], [], null));

        Assert.Equal([Line("1"), Line("2")], await store.ReadAsync(key));
    }

    [Fact]
    public async Task Lines_an_earlier_version_stored_as_json_rows_read_first_then_batches_and_a_serial_in_both_counts_once()
    {
        var store = new PostgresEpisodeStore(database.DataSource);
        var key = $"H1/{Guid.NewGuid():N}";
        // As versions before the binary log wrote a line: one jsonb row, its national field names.
        await using (var old = database.DataSource.CreateCommand(
            "INSERT INTO claimaudit_fee_line (episode_key, feedetl_sn, line) VALUES ($1, '7', $2::jsonb), ($1, '1', $3::jsonb)"))
        {
            old.Parameters.AddWithValue(key);
            old.Parameters.AddWithValue("""{"feedetl_sn":"7","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":1,"pric":20,"det_item_fee_sumamt":20,"bilg_dept_codg":"A03","prd_days":7}""");
            old.Parameters.AddWithValue("""{"feedetl_sn":"1","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":1,"pric":20,"det_item_fee_sumamt":20,"bilg_dept_codg":"A03","prd_days":7}""");
            await old.ExecuteNonQueryAsync();
        }

        await store.AppendAsync(new EpisodeWrite(key, [Line("1", 3), Line("2")], [], null));

        Assert.Equal([Line("7"), Line("1"), Line("2")], await store.ReadAsync(key));
        Assert.Equal([Line("7"), Line("1"), Line("2")], (await store.ReadEpisodeAsync(key, [])).Lines);
    }

    [Fact]
    public async Task Several_episodes_logs_read_in_one_call_each_in_its_own_arrival_order_and_an_episode_without_lines_answers_none()
    {
        var store = new PostgresEpisodeStore(database.DataSource);
        var (a, b, none) = ($"H1/{Guid.NewGuid():N}", $"H2/{Guid.NewGuid():N}", $"H3/{Guid.NewGuid():N}");
        await using (var old = database.DataSource.CreateCommand("INSERT INTO claimaudit_fee_line (episode_key, feedetl_sn, line) VALUES ($1, '9', $2::jsonb)"))
        {
            old.Parameters.AddWithValue(b);
            old.Parameters.AddWithValue("""{"feedetl_sn":"9","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":1,"pric":20,"det_item_fee_sumamt":20,"bilg_dept_codg":"A03","prd_days":7}""");
            await old.ExecuteNonQueryAsync();
        }
        await store.AppendAsync(new EpisodeWrite(a, [Line("2"), Line("1")], [], null));
        await store.AppendAsync(new EpisodeWrite(b, [Line("1"), Line("9", 4)], [], null));
        await store.AppendAsync(new EpisodeWrite(a, [Line("3", -1, "1"), Line("2", 5)], [], null));

        var logs = await store.ReadLogsAsync([none, b, a]);

        Assert.Equal(new[] { a, b, none }.Order(StringComparer.Ordinal), logs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([Line("2"), Line("1"), Line("3", -1, "1")], logs[a]);
        Assert.Equal([Line("9"), Line("1")], logs[b]);
        Assert.Empty(logs[none]);
    }

    [Fact]
    public async Task Findings_and_the_episode_row_are_written_with_the_lines_and_updated_in_place()
    {
        var store = new PostgresEpisodeStore(database.DataSource);
        var mdtrt = Guid.NewGuid().ToString("N");
        var id = $"F{mdtrt}";
        var summary = new EpisodeSummary("H1", mdtrt, "P1", "21", new DateTime(2026, 3, 1, 8, 0, 0), null, "admitted", 2, 40, 20);

        await store.AppendAsync(new EpisodeWrite($"H1/{mdtrt}", [Line("1"), Line("2")], [Finding(id, mdtrt)], summary));
        await store.AppendAsync(new EpisodeWrite($"H1/{mdtrt}", [], [Finding(id, mdtrt, FindingStatus.Withdrawn)], summary with { Status = "discharged", Deduction = 0 }));

        await using var command = database.DataSource.CreateCommand(
            "SELECT f.status, f.amount, f.finding->>'message', e.status, e.line_count, e.deduction FROM claimaudit_finding f JOIN claimaudit_episode e ON e.episode_key = f.episode_key WHERE f.finding_id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("withdrawn", 20m, "住院诊查费 2 次/日，限 1 次/日"), (reader.GetString(0), reader.GetDecimal(1), reader.GetString(2)));
        Assert.Equal(("discharged", 2, 0m), (reader.GetString(3), reader.GetInt32(4), reader.GetDecimal(5)));
    }
}
