using System.Globalization;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;
using Npgsql;
using NpgsqlTypes;

namespace ClaimAudit.Cli.Benchmarking;

/// <summary>Cross-episode hits the conventional baseline's SQL counted, by rule kind.</summary>
public sealed record ConventionalResult(long Lines, long Batches, double Seconds, IReadOnlyDictionary<string, long> Hits)
{
    public double LinesPerSecond => Lines / Seconds;
    public double BatchesPerSecond => Batches / Seconds;
}

/// <summary>
/// B2, the conventional way: platform-like tables (<c>b2.mdtrt_d</c>, <c>b2.fee_list_d</c>, named and keyed as the
/// national extract tables) in PostgreSQL; each arriving batch is inserted and the person's cross-episode rules are
/// answered by SQL over everything the person has so far, in the same transaction and round trip. The queries
/// follow DESIGN §4 for duplicate lines, outpatient lines during a stay, drug supply overlap, cycle frequency,
/// visit frequency and readmission, judging the batch's own lines (or its admission) against the history.
/// </summary>
public sealed class ConventionalBaseline(NpgsqlDataSource dataSource)
{
    private const string Schema = """
        CREATE SCHEMA IF NOT EXISTS b2;
        CREATE TABLE IF NOT EXISTS b2.mdtrt_d (
            fixmedins_code text NOT NULL, mdtrt_id text NOT NULL, psn_no text NOT NULL, med_type text NOT NULL,
            begntime timestamp NOT NULL, endtime timestamp, dscg_maindiag_code text, days_rinp_flag_31 text,
            PRIMARY KEY (fixmedins_code, mdtrt_id));
        CREATE INDEX IF NOT EXISTS mdtrt_d_psn ON b2.mdtrt_d (psn_no, begntime);
        CREATE TABLE IF NOT EXISTS b2.fee_list_d (
            fixmedins_code text NOT NULL, mdtrt_id text NOT NULL, bkkp_sn text NOT NULL, psn_no text NOT NULL, med_type text NOT NULL,
            fee_ocur_time timestamp NOT NULL, med_list_codg text NOT NULL, cnt numeric NOT NULL, pric numeric NOT NULL,
            det_item_fee_sumamt numeric NOT NULL, init_feedetl_sn text, prd_days int,
            PRIMARY KEY (fixmedins_code, mdtrt_id, bkkp_sn));
        CREATE INDEX IF NOT EXISTS fee_list_d_psn ON b2.fee_list_d (psn_no, med_list_codg, fee_ocur_time);
        CREATE TABLE IF NOT EXISTS b2.cycle_limit (med_list_codg text PRIMARY KEY, max_count int NOT NULL, period_days int NOT NULL);
        """;

    private const string Batch = "n.fixmedins_code = @f AND n.mdtrt_id = @m AND n.bkkp_sn = ANY(@sn)";

    private static readonly (string Kind, string Sql)[] LineChecks =
    [
        ("charge.duplicate-line", $"""
            SELECT count(*) FROM b2.fee_list_d n JOIN b2.fee_list_d o ON o.psn_no = n.psn_no AND o.med_list_codg = n.med_list_codg
              AND o.fee_ocur_time >= date_trunc('minute', n.fee_ocur_time) AND o.fee_ocur_time < date_trunc('minute', n.fee_ocur_time) + interval '1 minute'
              AND o.cnt = n.cnt AND o.pric = n.pric AND (o.fixmedins_code, o.mdtrt_id, o.bkkp_sn) <> (n.fixmedins_code, n.mdtrt_id, n.bkkp_sn)
            WHERE {Batch}
            """),
        ("episode.overlap", $"""
            SELECT count(*) FROM b2.fee_list_d n JOIN b2.mdtrt_d s ON s.psn_no = n.psn_no AND s.med_type LIKE '2%' AND s.endtime IS NOT NULL
              AND n.fee_ocur_time::date > s.begntime::date AND n.fee_ocur_time::date < s.endtime::date
            WHERE {Batch} AND n.med_type LIKE '1%'
            """),
        ("drug.supply-overlap", $"""
            SELECT count(*) FROM b2.fee_list_d n JOIN b2.fee_list_d o ON o.psn_no = n.psn_no AND o.med_list_codg = n.med_list_codg
              AND o.prd_days IS NOT NULL AND o.fee_ocur_time < n.fee_ocur_time AND (o.fee_ocur_time::date + o.prd_days) - n.fee_ocur_time::date > 3
            WHERE {Batch} AND n.prd_days IS NOT NULL AND n.cnt > 0
            """),
        ("cycle.frequency", $"""
            SELECT count(*) FROM b2.fee_list_d n JOIN b2.cycle_limit c ON c.med_list_codg = n.med_list_codg
            WHERE {Batch} AND n.cnt > 0 AND (SELECT count(*) FROM b2.fee_list_d o WHERE o.psn_no = n.psn_no AND o.med_list_codg = n.med_list_codg
              AND o.cnt > 0 AND o.fee_ocur_time::date > n.fee_ocur_time::date - c.period_days AND o.fee_ocur_time <= n.fee_ocur_time) > c.max_count
            """),
    ];

    private const string VisitFrequency = """
        SELECT CASE WHEN count(*) > 8 THEN 1 ELSE 0 END FROM b2.mdtrt_d o
        WHERE @setting = '1' AND o.psn_no = @psn AND o.med_type LIKE '1%' AND o.begntime::date > @begn::date - 30 AND o.begntime::date <= @begn::date
        """;

    private const string Readmission = """
        SELECT count(*) FROM b2.mdtrt_d o
        WHERE @setting = '2' AND @planned IS DISTINCT FROM '1' AND o.psn_no = @psn AND o.fixmedins_code = @f AND o.mdtrt_id <> @m
          AND o.med_type LIKE '2%' AND o.endtime IS NOT NULL AND @begn::date - o.endtime::date BETWEEN 0 AND 15
          AND left(o.dscg_maindiag_code, 3) = left(@diag, 3) AND left(@diag, 3) NOT IN ('Z51', 'Z49')
        """;

    public async Task PrepareAsync(KnowledgeBase knowledge)
    {
        await using var command = dataSource.CreateCommand(Schema + "TRUNCATE b2.mdtrt_d, b2.fee_list_d, b2.cycle_limit;");
        await command.ExecuteNonQueryAsync();
        foreach (var point in knowledge.All(LimitTypes.Cycle))
        {
            await using var insert = dataSource.CreateCommand("INSERT INTO b2.cycle_limit VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
            insert.Parameters.AddWithValue(point.Code);
            insert.Parameters.AddWithValue(int.Parse(point.LimitValue, CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue(int.Parse(point.Unit!, CultureInfo.InvariantCulture));
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Feeds the documents in 50-line batches, <paramref name="concurrency"/> episodes at once; one round trip and one transaction per batch.</summary>
    public async Task<ConventionalResult> RunAsync(IReadOnlyList<EpisodeDocument> documents, int batchSize, int concurrency, CancellationToken cancellationToken)
    {
        var hits = new Dictionary<string, long>();
        long lines = 0, batches = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (d, ct) =>
        {
            var chunks = d.Feedetail.Chunk(batchSize).ToList();
            if (chunks.Count == 0)
                chunks.Add([]);
            for (var i = 0; i < chunks.Count; i++)
            {
                var found = await BatchAsync(d.Episode, chunks[i], admission: i == 0, discharge: i == chunks.Count - 1 && d.Episode.Endtime is not null, ct);
                lock (hits)
                {
                    foreach (var (kind, count) in found)
                        hits[kind] = hits.GetValueOrDefault(kind) + count;
                    lines += chunks[i].Length;
                    batches++;
                }
            }
        });
        return new ConventionalResult(lines, batches, clock.Elapsed.TotalSeconds, hits);
    }

    private async Task<List<(string Kind, long Count)>> BatchAsync(Episode e, FeeLine[] lines, bool admission, bool discharge, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new NpgsqlBatch(connection, transaction);
        var common = new Func<NpgsqlParameter[]>(() =>
        [
            new("f", e.FixmedinsCode), new("m", e.MdtrtId), new("psn", e.PsnNo), new("sn", lines.Select(l => l.FeedetlSn).ToArray()),
        ]);
        if (admission)
            batch.BatchCommands.Add(Command("""
                INSERT INTO b2.mdtrt_d (fixmedins_code, mdtrt_id, psn_no, med_type, begntime, days_rinp_flag_31)
                VALUES (@f, @m, @psn, @mt, @begn, @planned) ON CONFLICT DO NOTHING
                """, [.. common(), new("mt", e.MedType), new("begn", e.Begntime), new("planned", (object?)e.DaysRinpFlag31 ?? DBNull.Value)]));
        batch.BatchCommands.Add(Command("""
            INSERT INTO b2.fee_list_d SELECT @f, @m, u.sn, @psn, @mt, u.t, u.code, u.cnt, u.pric, u.amt, u.init, u.prd
            FROM unnest(@sn, @t, @code, @cnt, @pric, @amt, @init, @prd) AS u(sn, t, code, cnt, pric, amt, init, prd)
            ON CONFLICT DO NOTHING
            """, [.. common(), new("mt", e.MedType),
                new("t", NpgsqlDbType.Array | NpgsqlDbType.Timestamp) { Value = lines.Select(l => l.FeeOcurTime).ToArray() },
                new("code", lines.Select(l => l.MedListCodg).ToArray()), new("cnt", lines.Select(l => l.Cnt).ToArray()),
                new("pric", lines.Select(l => l.Pric).ToArray()), new("amt", lines.Select(l => l.DetItemFeeSumamt).ToArray()),
                new("init", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = lines.Select(l => (object?)l.InitFeedetlSn ?? DBNull.Value).ToArray() },
                new("prd", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = lines.Select(l => (object?)l.PrdDays ?? DBNull.Value).ToArray() }]));
        if (discharge)
            batch.BatchCommands.Add(Command("UPDATE b2.mdtrt_d SET endtime = @end, dscg_maindiag_code = @diag WHERE fixmedins_code = @f AND mdtrt_id = @m",
                [.. common(), new("end", e.Endtime!.Value), new("diag", (object?)e.MainDiagnosis?.DiagCode ?? DBNull.Value)]));
        var kinds = new List<string>();
        foreach (var (kind, sql) in LineChecks)
        {
            batch.BatchCommands.Add(Command(sql, common()));
            kinds.Add(kind);
        }
        if (admission)
        {
            NpgsqlParameter[] Episode() => [.. common(), new("setting", e.MedType[..1]), new("begn", e.Begntime),
                new("planned", NpgsqlDbType.Text) { Value = (object?)e.DaysRinpFlag31 ?? DBNull.Value },
                new("diag", NpgsqlDbType.Text) { Value = (object?)e.MainDiagnosis?.DiagCode ?? DBNull.Value }];
            batch.BatchCommands.Add(Command(VisitFrequency, Episode()));
            kinds.Add("visit.frequency");
            batch.BatchCommands.Add(Command(Readmission, Episode()));
            kinds.Add("episode.readmission");
        }

        var found = new List<(string, long)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            foreach (var kind in kinds)
            {
                // Inserts and updates return no rows; each check returns one.
                while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken)) { }
                if (await reader.ReadAsync(cancellationToken))
                    found.Add((kind, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)));
                await reader.NextResultAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
