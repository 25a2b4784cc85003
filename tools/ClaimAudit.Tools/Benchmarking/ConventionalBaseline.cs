using System.Globalization;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;
using Npgsql;
using NpgsqlTypes;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>
/// What the conventional baseline's SQL flagged: per rule kind, the lines (or episodes) as the ground truth names
/// them — (kind, fixmedins_code, mdtrt_id, feedetl_sn or "").
/// </summary>
public sealed record ConventionalResult(long Lines, long Batches, double Seconds,
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyCollection<(string Kind, string Fixmedins, string Mdtrt, string Sn)> Hits)
{
    public static readonly string[] Kinds =
        ["charge.duplicate-line", "cycle.frequency", "drug.supply-overlap", "episode.overlap", "episode.readmission", "visit.frequency"];

    public double LinesPerSecond => Lines / Seconds;
    public double BatchesPerSecond => Batches / Seconds;
}

/// <summary>
/// B2, the conventional way: platform-like tables (<c>b2.mdtrt_d</c>, <c>b2.fee_list_d</c>, named and keyed as the
/// national extract tables) in PostgreSQL; each arriving batch is inserted and the person's cross-episode rules are
/// answered by SQL over what the person has so far, in the same transaction and round trip. The queries follow
/// docs/rules.md for duplicate lines, outpatient lines during a stay, drug supply overlap, cycle frequency, visit
/// frequency and readmission: a batch's lines are judged against the history, an admission against earlier
/// episodes, and a discharge looks back for what arrived before the stay was known to be over (outpatient lines
/// inside it, stays admitted within 15 days of it). Stays sharing a night are not checked. What it flags depends
/// on arrival order — that is the design's nature, and the scores show it.
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

    /// <summary>Checks of a batch's own lines; each returns the flagged lines (fixmedins_code, mdtrt_id, bkkp_sn).</summary>
    private static readonly (string Kind, string Sql)[] LineChecks =
    [
        ("charge.duplicate-line", $"""
            SELECT DISTINCT n.fixmedins_code, n.mdtrt_id, n.bkkp_sn FROM b2.fee_list_d n JOIN b2.fee_list_d o ON o.psn_no = n.psn_no AND o.med_list_codg = n.med_list_codg
              AND o.fee_ocur_time >= date_trunc('minute', n.fee_ocur_time) AND o.fee_ocur_time < date_trunc('minute', n.fee_ocur_time) + interval '1 minute'
              AND o.cnt = n.cnt AND o.pric = n.pric AND (o.fixmedins_code, o.mdtrt_id, o.bkkp_sn) <> (n.fixmedins_code, n.mdtrt_id, n.bkkp_sn)
            WHERE {Batch}
            """),
        ("episode.overlap", $"""
            SELECT DISTINCT n.fixmedins_code, n.mdtrt_id, n.bkkp_sn FROM b2.fee_list_d n JOIN b2.mdtrt_d s ON s.psn_no = n.psn_no AND s.med_type LIKE '2%' AND s.endtime IS NOT NULL
              AND n.fee_ocur_time::date > s.begntime::date AND n.fee_ocur_time::date < s.endtime::date
            WHERE {Batch} AND n.med_type LIKE '1%'
            """),
        ("drug.supply-overlap", $"""
            SELECT DISTINCT n.fixmedins_code, n.mdtrt_id, n.bkkp_sn FROM b2.fee_list_d n JOIN b2.fee_list_d o ON o.psn_no = n.psn_no AND o.med_list_codg = n.med_list_codg
              AND o.prd_days IS NOT NULL AND o.fee_ocur_time < n.fee_ocur_time AND (o.fee_ocur_time::date + o.prd_days) - n.fee_ocur_time::date > 3
            WHERE {Batch} AND n.prd_days IS NOT NULL AND n.cnt > 0
            """),
        ("cycle.frequency", $"""
            SELECT n.fixmedins_code, n.mdtrt_id, n.bkkp_sn FROM b2.fee_list_d n JOIN b2.cycle_limit c ON c.med_list_codg = n.med_list_codg
            WHERE {Batch} AND n.cnt > 0 AND (SELECT count(*) FROM b2.fee_list_d o WHERE o.psn_no = n.psn_no AND o.med_list_codg = n.med_list_codg
              AND o.cnt > 0 AND o.fee_ocur_time::date > n.fee_ocur_time::date - c.period_days AND o.fee_ocur_time <= n.fee_ocur_time) > c.max_count
            """),
    ];

    /// <summary>At an outpatient admission: more than 8 outpatient episodes within 30 days; the episode is flagged.</summary>
    private const string VisitFrequency = """
        SELECT @f, @m, '' FROM b2.mdtrt_d o
        WHERE @setting = '1' AND o.psn_no = @psn AND o.med_type LIKE '1%' AND o.begntime::date > @begn::date - 30 AND o.begntime::date <= @begn::date
        HAVING count(*) > 8
        """;

    /// <summary>At an inpatient admission: a discharge of the person at this institution 0–15 days before, same category.</summary>
    private const string Readmission = """
        SELECT @f, @m, '' WHERE @setting = '2' AND @planned IS DISTINCT FROM '1' AND left(@diag, 3) NOT IN ('Z51', 'Z49') AND EXISTS (
          SELECT 1 FROM b2.mdtrt_d o WHERE o.psn_no = @psn AND o.fixmedins_code = @f AND o.mdtrt_id <> @m
            AND o.med_type LIKE '2%' AND o.endtime IS NOT NULL AND @begn::date - o.endtime::date BETWEEN 0 AND 15
            AND left(o.dscg_maindiag_code, 3) = left(@diag, 3))
        """;

    /// <summary>At an inpatient discharge: outpatient lines that arrived before it and fall strictly inside the stay.</summary>
    private const string OverlapAtDischarge = """
        SELECT o.fixmedins_code, o.mdtrt_id, o.bkkp_sn FROM b2.fee_list_d o
        WHERE @setting = '2' AND o.psn_no = @psn AND o.med_type LIKE '1%' AND o.fee_ocur_time::date > @begn::date AND o.fee_ocur_time::date < @end::date
        """;

    /// <summary>At an inpatient discharge: later stays admitted before it arrived that are readmissions after it.</summary>
    private const string ReadmissionAtDischarge = """
        SELECT o.fixmedins_code, o.mdtrt_id, '' FROM b2.mdtrt_d o
        WHERE @setting = '2' AND o.psn_no = @psn AND o.fixmedins_code = @f AND o.mdtrt_id <> @m AND o.med_type LIKE '2%'
          AND o.days_rinp_flag_31 IS DISTINCT FROM '1' AND o.begntime::date - @end::date BETWEEN 0 AND 15
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

    /// <summary>Feeds the documents in batches, <paramref name="concurrency"/> episodes at once; one round trip and one transaction per batch.</summary>
    public async Task<ConventionalResult> RunAsync(IReadOnlyList<EpisodeDocument> documents, int batchSize, int concurrency, CancellationToken cancellationToken)
    {
        var hits = new HashSet<(string, string, string, string)>();
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
                    hits.UnionWith(found);
                    lines += chunks[i].Length;
                    batches++;
                }
            }
        });
        return new ConventionalResult(lines, batches, clock.Elapsed.TotalSeconds, hits);
    }

    private async Task<List<(string, string, string, string)>> BatchAsync(Episode e, FeeLine[] lines, bool admission, bool discharge, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new NpgsqlBatch(connection, transaction);
        NpgsqlParameter[] Common() =>
        [
            new("f", e.FixmedinsCode), new("m", e.MdtrtId), new("psn", e.PsnNo), new("sn", lines.Select(l => l.FeedetlSn).ToArray()),
        ];
        NpgsqlParameter[] Episode() => [.. Common(), new("setting", e.MedType[..1]), new("begn", e.Begntime),
            new("end", NpgsqlDbType.Timestamp) { Value = (object?)e.Endtime ?? DBNull.Value },
            new("planned", NpgsqlDbType.Text) { Value = (object?)e.DaysRinpFlag31 ?? DBNull.Value },
            new("diag", NpgsqlDbType.Text) { Value = (object?)e.MainDiagnosis?.DiagCode ?? DBNull.Value }];
        // The diagnosis known at admission is kept as the main one until the discharge says otherwise.
        if (admission)
            batch.BatchCommands.Add(Command("""
                INSERT INTO b2.mdtrt_d (fixmedins_code, mdtrt_id, psn_no, med_type, begntime, days_rinp_flag_31, dscg_maindiag_code)
                VALUES (@f, @m, @psn, @mt, @begn, @planned, @diag) ON CONFLICT DO NOTHING
                """, [.. Episode(), new("mt", e.MedType)]));
        batch.BatchCommands.Add(Command("""
            INSERT INTO b2.fee_list_d SELECT @f, @m, u.sn, @psn, @mt, u.t, u.code, u.cnt, u.pric, u.amt, u.init, u.prd
            FROM unnest(@sn, @t, @code, @cnt, @pric, @amt, @init, @prd) AS u(sn, t, code, cnt, pric, amt, init, prd)
            ON CONFLICT DO NOTHING
            """, [.. Common(), new("mt", e.MedType),
                new("t", NpgsqlDbType.Array | NpgsqlDbType.Timestamp) { Value = lines.Select(l => l.FeeOcurTime).ToArray() },
                new("code", lines.Select(l => l.MedListCodg).ToArray()), new("cnt", lines.Select(l => l.Cnt).ToArray()),
                new("pric", lines.Select(l => l.Pric).ToArray()), new("amt", lines.Select(l => l.DetItemFeeSumamt).ToArray()),
                new("init", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = lines.Select(l => (object?)l.InitFeedetlSn ?? DBNull.Value).ToArray() },
                new("prd", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = lines.Select(l => (object?)l.PrdDays ?? DBNull.Value).ToArray() }]));
        if (discharge)
            batch.BatchCommands.Add(Command("UPDATE b2.mdtrt_d SET endtime = @end, dscg_maindiag_code = @diag WHERE fixmedins_code = @f AND mdtrt_id = @m", Episode()));
        var kinds = new List<string>();
        void Check(string kind, string sql, NpgsqlParameter[] parameters)
        {
            batch.BatchCommands.Add(Command(sql, parameters));
            kinds.Add(kind);
        }
        foreach (var (kind, sql) in LineChecks)
            Check(kind, sql, Common());
        if (admission)
        {
            Check("visit.frequency", VisitFrequency, Episode());
            Check("episode.readmission", Readmission, Episode());
        }
        if (discharge)
        {
            Check("episode.overlap", OverlapAtDischarge, Episode());
            Check("episode.readmission", ReadmissionAtDischarge, Episode());
        }

        var found = new List<(string, string, string, string)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // Inserts and updates come first and return no rows; then one result per check, in order.
            while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken)) { }
            foreach (var kind in kinds)
            {
                while (await reader.ReadAsync(cancellationToken))
                    found.Add((kind, reader.GetString(0), reader.GetString(1), reader.GetString(2)));
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
