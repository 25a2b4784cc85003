using System.Text.Json;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Grains.Storage;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;
using Npgsql;
using NpgsqlTypes;

namespace ClaimAudit.Persistence;

/// <summary>
/// The episode store on PostgreSQL: a batch's lines (one binary row, FeeBatchFormat), the findings it changed and the
/// episode row go in one batch of statements — one round trip, one transaction — so an acknowledged batch is
/// committed, and the cost per line does not depend on how many lines the episode already has.
/// </summary>
public sealed class PostgresEpisodeStore(NpgsqlDataSource dataSource) : IEpisodeStore
{
    private const string InsertBatch = "INSERT INTO claimaudit_fee_batch (episode_key, line_count, lines) VALUES ($1, $2, $3)";

    // Rows of the older per-line jsonb log come first: every one was written before the first batch row.
    private const string SelectJsonLines = "SELECT episode_key, line FROM claimaudit_fee_line WHERE episode_key = ANY($1) ORDER BY episode_key, seq";
    private const string SelectBatches = "SELECT episode_key, lines FROM claimaudit_fee_batch WHERE episode_key = ANY($1) ORDER BY episode_key, seq";

    // The episode's write is authoritative for a finding's state (it holds the review ledger).
    private const string UpsertFindings = """
        INSERT INTO claimaudit_finding (finding_id, episode_key, fixmedins_code, mdtrt_id, psn_no, rule_id, rule_kind, severity, status, amount, finding, admdvs)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::numeric[], $11::jsonb[], $12::text[])
        ON CONFLICT (finding_id) DO UPDATE SET status = excluded.status, amount = excluded.amount, finding = excluded.finding,
            admdvs = coalesce(excluded.admdvs, claimaudit_finding.admdvs), updated_at = now()
        """;

    // A person's write of a cross-episode finding keeps a state the episode recorded on it (a decision) unless the
    // finding was withdrawn, comes back, or changed its amount: then the episode's ledger resets it too.
    private const string UpsertPersonFindings = """
        INSERT INTO claimaudit_finding (finding_id, episode_key, fixmedins_code, mdtrt_id, psn_no, rule_id, rule_kind, severity, status, amount, finding, admdvs)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::numeric[], $11::jsonb[], $12::text[])
        ON CONFLICT (finding_id) DO UPDATE SET
            status = CASE WHEN excluded.status = 'withdrawn' OR claimaudit_finding.status = 'withdrawn' OR claimaudit_finding.amount <> excluded.amount
                          THEN excluded.status ELSE claimaudit_finding.status END,
            finding = CASE WHEN excluded.status = 'withdrawn' OR claimaudit_finding.status = 'withdrawn' OR claimaudit_finding.amount <> excluded.amount
                           THEN excluded.finding ELSE jsonb_set(excluded.finding, '{status}', to_jsonb(claimaudit_finding.status)) END,
            amount = excluded.amount, admdvs = coalesce(excluded.admdvs, claimaudit_finding.admdvs), updated_at = now()
        """;

    private const string InsertEvents = """
        INSERT INTO claimaudit_finding_event (finding_id, episode_key, at, actor, role, from_status, to_status, event)
        SELECT t.finding_id, $1, t.at, t.actor, t.role, t.from_status, t.to_status, t.event
        FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
            AS t(finding_id, at, actor, role, from_status, to_status, event)
        """;

    private const string UpsertEpisode = """
        INSERT INTO claimaudit_episode (episode_key, fixmedins_code, mdtrt_id, psn_no, med_type, begntime, endtime, status, line_count, amount, deduction,
            admdvs, period, inpatient_episodes, drug_amount, consumable_amount, self_pay_amount, stay_days, inpatient_amount)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        ON CONFLICT (episode_key) DO UPDATE SET psn_no = excluded.psn_no, med_type = excluded.med_type, begntime = excluded.begntime,
            endtime = excluded.endtime, status = excluded.status, line_count = excluded.line_count, amount = excluded.amount,
            deduction = excluded.deduction, admdvs = excluded.admdvs, period = excluded.period, inpatient_episodes = excluded.inpatient_episodes,
            drug_amount = excluded.drug_amount, consumable_amount = excluded.consumable_amount, self_pay_amount = excluded.self_pay_amount,
            stay_days = excluded.stay_days, inpatient_amount = excluded.inpatient_amount, updated_at = now()
        """;

    private const string SearchFindings = """
        SELECT finding, admdvs, raised_at FROM claimaudit_finding
        WHERE ($1::text IS NULL OR admdvs LIKE $1 || '%')
          AND ($2::text IS NULL OR fixmedins_code = $2)
          AND ($3::text IS NULL OR rule_kind = $3)
          AND ($4::text IS NULL OR severity = $4)
          AND (cardinality($5::text[]) = 0 OR status = ANY($5))
          AND ($6::timestamptz IS NULL OR raised_at >= $6)
          AND ($7::timestamptz IS NULL OR raised_at < $7)
          AND ($8::numeric IS NULL OR amount >= $8)
          AND ($9::timestamptz IS NULL OR (raised_at, finding_id) > ($9, $10))
        ORDER BY raised_at, finding_id
        LIMIT $11
        """;

    // The same search the other way: the newest first, the cursor's page before it.
    private static readonly string SearchFindingsNewest = SearchFindings
        .Replace("(raised_at, finding_id) > ($9, $10)", "(raised_at, finding_id) < ($9, $10)", StringComparison.Ordinal)
        .Replace("ORDER BY raised_at, finding_id", "ORDER BY raised_at DESC, finding_id DESC", StringComparison.Ordinal);

    private const string CountFindingsByStatus = """
        SELECT status, count(*)::int FROM claimaudit_finding
        WHERE ($1::text IS NULL OR admdvs LIKE $1 || '%')
          AND ($2::text IS NULL OR fixmedins_code = $2)
          AND ($3::text IS NULL OR rule_kind = $3)
          AND ($4::text IS NULL OR severity = $4)
          AND ($5::timestamptz IS NULL OR raised_at >= $5)
          AND ($6::timestamptz IS NULL OR raised_at < $6)
          AND ($7::numeric IS NULL OR amount >= $7)
        GROUP BY status
        """;

    private const string RegionInstitutions = """
        SELECT fixmedins_code, max(admdvs), count(*)::int, sum(amount), sum(deduction)
        FROM claimaudit_episode
        WHERE period IS NOT NULL AND ($1::text IS NULL OR admdvs LIKE $1 || '%')
          AND ($2::text IS NULL OR period >= $2) AND ($3::text IS NULL OR period <= $3)
        GROUP BY fixmedins_code
        """;

    private const string ScorecardEpisodes = """
        SELECT period, count(*)::int, sum(inpatient_episodes)::int, sum(line_count)::int, sum(amount), sum(deduction),
               sum(drug_amount), sum(consumable_amount), sum(self_pay_amount), sum(stay_days)::int, sum(inpatient_amount)
        FROM claimaudit_episode
        WHERE fixmedins_code = $1 AND period IS NOT NULL AND ($2::text IS NULL OR period >= $2) AND ($3::text IS NULL OR period <= $3)
        GROUP BY period ORDER BY period
        """;

    private const string ScorecardFindings = """
        SELECT e.period, f.status, f.rule_kind, count(*)::int, sum(f.amount),
               sum(CASE WHEN f.severity <> 'warning' AND f.status IN ('open', 'confirmed', 'appealed', 'upheld') THEN f.amount ELSE 0 END)
        FROM claimaudit_finding f JOIN claimaudit_episode e ON e.episode_key = f.episode_key
        WHERE e.fixmedins_code = $1 AND e.period IS NOT NULL AND ($2::text IS NULL OR e.period >= $2) AND ($3::text IS NULL OR e.period <= $3)
        GROUP BY e.period, f.status, f.rule_kind
        """;

    public async ValueTask AppendAsync(EpisodeWrite write, CancellationToken cancellationToken = default)
    {
        // One round trip: a batch outside an explicit transaction runs as one implicit transaction (one Sync), so the
        // lines, findings, events and summary row commit together or not at all, without a BEGIN or a COMMIT of their own.
        await using var batch = dataSource.CreateBatch();
        if (write.Lines.Count > 0)
            batch.BatchCommands.Add(Command(InsertBatch,
                Text(write.EpisodeKey), new NpgsqlParameter { Value = write.Lines.Count },
                new NpgsqlParameter { Value = FeeBatchFormat.Encode(write.Lines), NpgsqlDbType = NpgsqlDbType.Bytea }));
        if (write.Findings.Count > 0)
            batch.BatchCommands.Add(FindingsCommand(UpsertFindings, write.Findings, _ => write.Admdvs));
        if (write.Events.Count > 0)
            batch.BatchCommands.Add(Command(InsertEvents,
                Text(write.EpisodeKey),
                TextArray(write.Events.Select(e => e.FindingId)),
                new NpgsqlParameter { Value = write.Events.Select(e => e.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                TextArray(write.Events.Select(e => e.Actor)),
                TextArray(write.Events.Select(e => e.Role)),
                TextArray(write.Events.Select(e => NationalJson.Name(e.From))),
                TextArray(write.Events.Select(e => NationalJson.Name(e.To))),
                JsonArray(write.Events.Select(e => JsonSerializer.Serialize(e, NationalJson.Options)))));
        if (write.Summary is { } s)
            batch.BatchCommands.Add(Command(UpsertEpisode,
                Text(write.EpisodeKey), Text(s.FixmedinsCode), Text(s.MdtrtId), Text(s.PsnNo), Text(s.MedType),
                new NpgsqlParameter { Value = s.Begntime, NpgsqlDbType = NpgsqlDbType.Timestamp },
                new NpgsqlParameter { Value = (object?)s.Endtime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Timestamp },
                Text(s.Status), new NpgsqlParameter { Value = s.LineCount }, new NpgsqlParameter { Value = s.Amount }, new NpgsqlParameter { Value = s.Deduction },
                NullableText(write.Admdvs), NullableText(s.Period?.Period),
                new NpgsqlParameter { Value = s.Period?.InpatientEpisodes ?? 0 }, new NpgsqlParameter { Value = s.Period?.DrugAmount ?? 0m },
                new NpgsqlParameter { Value = s.Period?.ConsumableAmount ?? 0m }, new NpgsqlParameter { Value = s.Period?.SelfPayAmount ?? 0m },
                new NpgsqlParameter { Value = s.Period?.StayDays ?? 0 }, new NpgsqlParameter { Value = s.Period?.InpatientAmount ?? 0m }));
        if (batch.BatchCommands.Count == 0)
            return;
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyList<FeeLine>>> ReadLogsAsync(IReadOnlyCollection<string> episodeKeys, CancellationToken cancellationToken = default)
    {
        if (episodeKeys.Count == 0)
            return new Dictionary<string, IReadOnlyList<FeeLine>>(); // a person without episodes: no round trip
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Command(SelectJsonLines, TextArray(episodeKeys)), Command(SelectBatches, TextArray(episodeKeys)) },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var logs = await ReadLogsAsync(reader, cancellationToken);
        var answer = new Dictionary<string, IReadOnlyList<FeeLine>>(StringComparer.Ordinal);
        foreach (var key in episodeKeys)
            answer[key] = logs.TryGetValue(key, out var lines) ? lines : [];
        return answer;
    }

    public async ValueTask<StoredEpisode> ReadEpisodeAsync(string episodeKey, IReadOnlyCollection<string> crossEpisodeRuleIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command(SelectJsonLines, TextArray([episodeKey])),
                Command(SelectBatches, TextArray([episodeKey])),
                Command("SELECT finding FROM claimaudit_finding WHERE episode_key = $1 AND status = 'withdrawn'", Text(episodeKey)),
                Command("SELECT event FROM claimaudit_finding_event WHERE episode_key = $1 ORDER BY seq", Text(episodeKey)),
                Command("SELECT finding FROM claimaudit_finding WHERE episode_key = $1 AND status <> 'withdrawn' AND rule_id = ANY($2)",
                    Text(episodeKey), TextArray(crossEpisodeRuleIds)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var lines = (await ReadLogsAsync(reader, cancellationToken)).GetValueOrDefault(episodeKey) ?? [];
        await reader.NextResultAsync(cancellationToken);
        var withdrawn = new List<Finding>();
        while (await reader.ReadAsync(cancellationToken))
            withdrawn.Add(JsonSerializer.Deserialize<Finding>(reader.GetString(0), NationalJson.Options)!);
        await reader.NextResultAsync(cancellationToken);
        var events = new List<FindingEvent>();
        while (await reader.ReadAsync(cancellationToken))
            events.Add(JsonSerializer.Deserialize<FindingEvent>(reader.GetString(0), NationalJson.Options)!);
        await reader.NextResultAsync(cancellationToken);
        var crossEpisode = new List<Finding>();
        while (await reader.ReadAsync(cancellationToken))
            crossEpisode.Add(JsonSerializer.Deserialize<Finding>(reader.GetString(0), NationalJson.Options)!);
        return new StoredEpisode(lines, withdrawn) { Events = events, CrossEpisode = crossEpisode };
    }

    /// <summary>
    /// The log's two result sets (older jsonb rows, then batches, each by episode) as each episode's lines in the
    /// order they were accepted. The batch table has no key on a serial, so a serial stored twice — a commit whose
    /// answer was lost, the batch sent again — is kept the first time, as the older table's primary key did.
    /// </summary>
    private static async Task<Dictionary<string, List<FeeLine>>> ReadLogsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var logs = new Dictionary<string, (List<FeeLine> Lines, HashSet<string> Serials)>(StringComparer.Ordinal);
        void Keep(string key, FeeLine line)
        {
            if (!logs.TryGetValue(key, out var log))
                logs[key] = log = ([], new(StringComparer.Ordinal));
            if (log.Serials.Add(line.FeedetlSn))
                log.Lines.Add(line);
        }
        while (await reader.ReadAsync(cancellationToken))
            Keep(reader.GetString(0), JsonSerializer.Deserialize<FeeLine>(reader.GetString(1), NationalJson.Options)!);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            foreach (var line in FeeBatchFormat.Decode(reader.GetFieldValue<byte[]>(1)))
                Keep(key, line);
        }
        return logs.ToDictionary(l => l.Key, l => l.Value.Lines, StringComparer.Ordinal);
    }

    public async ValueTask RecordFindingsAsync(IReadOnlyList<Finding> findings, Func<Finding, string?> admdvsOf, CancellationToken cancellationToken = default)
    {
        if (findings.Count == 0)
            return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { FindingsCommand(UpsertPersonFindings, findings, admdvsOf) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<FindingLocation?> LocateAsync(string findingId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT fixmedins_code, mdtrt_id FROM claimaudit_finding WHERE finding_id = $1");
        command.Parameters.Add(Text(findingId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new FindingLocation(reader.GetString(0), reader.GetString(1)) : null;
    }

    public async ValueTask<FindingPage> SearchAsync(FindingQuery query, CancellationToken cancellationToken = default)
    {
        var after = FindingSearch.Cursor.Parse(query.After);
        await using var command = dataSource.CreateCommand(query.NewestFirst ? SearchFindingsNewest : SearchFindings);
        AddFilters(command, query, withStatuses: true);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.RaisedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Text(after?.FindingId ?? ""));
        command.Parameters.Add(new NpgsqlParameter { Value = query.PageSize + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<ListedFinding>();
        while (await reader.ReadAsync(cancellationToken))
            items.Add(new ListedFinding(JsonSerializer.Deserialize<Finding>(reader.GetString(0), NationalJson.Options)!,
                reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        var more = items.Count > query.PageSize;
        if (more)
            items.RemoveAt(items.Count - 1);
        return new FindingPage(items, more ? FindingSearch.Cursor.Of(items[^1]) : null);
    }

    public async ValueTask<IReadOnlyDictionary<string, int>> CountByStatusAsync(FindingQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(CountFindingsByStatus);
        AddFilters(command, query, withStatuses: false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    public async ValueTask<IReadOnlyList<InstitutionTotals>> RegionAsync(string? admdvsPrefix, string? fromPeriod, string? toPeriod, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(RegionInstitutions);
        command.Parameters.Add(NullableText(admdvsPrefix));
        command.Parameters.Add(NullableText(fromPeriod));
        command.Parameters.Add(NullableText(toPeriod));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new List<InstitutionTotals>();
        while (await reader.ReadAsync(cancellationToken))
            totals.Add(new InstitutionTotals(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), reader.GetDecimal(3), reader.GetDecimal(4)));
        return totals;
    }

    public async ValueTask<Scorecard> ScorecardAsync(string fixmedinsCode, string? fromPeriod, string? toPeriod, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command(ScorecardEpisodes, Text(fixmedinsCode), NullableText(fromPeriod), NullableText(toPeriod)),
                Command(ScorecardFindings, Text(fixmedinsCode), NullableText(fromPeriod), NullableText(toPeriod)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var months = new List<(PeriodTotals Totals, int Lines, decimal Deduction)>();
        while (await reader.ReadAsync(cancellationToken))
            months.Add((new PeriodTotals(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDecimal(4), reader.GetDecimal(6),
                reader.GetDecimal(7), reader.GetDecimal(8), reader.GetInt32(9), reader.GetDecimal(10)), reader.GetInt32(3), reader.GetDecimal(5)));
        await reader.NextResultAsync(cancellationToken);
        var tallies = new List<(string Period, FindingSearch.FindingTally Tally)>();
        while (await reader.ReadAsync(cancellationToken))
            tallies.Add((reader.GetString(0), new(reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetDecimal(4), reader.GetDecimal(5))));
        return new Scorecard(fixmedinsCode, months.Select(m => FindingSearch.Month(m.Totals.Period, m.Totals, m.Lines, m.Deduction,
            tallies.Where(t => t.Period == m.Totals.Period).Select(t => t.Tally).ToList())).ToList());
    }

    /// <summary>A findings question's filters, in the order both queries number them ($1 … the status list only when asked).</summary>
    private static void AddFilters(NpgsqlCommand command, FindingQuery query, bool withStatuses)
    {
        command.Parameters.Add(NullableText(query.AdmdvsPrefix));
        command.Parameters.Add(NullableText(query.FixmedinsCode));
        command.Parameters.Add(NullableText(query.RuleKind));
        command.Parameters.Add(NullableText(query.Severity));
        if (withStatuses)
            command.Parameters.Add(TextArray(query.Statuses));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.MinAmount ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
    }

    private static NpgsqlParameter NullableText(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlBatchCommand FindingsCommand(string sql, IReadOnlyList<Finding> findings, Func<Finding, string?> admdvsOf) => Command(sql,
        TextArray(findings.Select(f => f.FindingId)),
        TextArray(findings.Select(f => f.EpisodeKey)),
        TextArray(findings.Select(f => f.FixmedinsCode)),
        TextArray(findings.Select(f => f.MdtrtId)),
        TextArray(findings.Select(f => f.PsnNo)),
        TextArray(findings.Select(f => f.RuleId)),
        TextArray(findings.Select(f => f.RuleKind)),
        TextArray(findings.Select(f => NationalJson.Name(f.Severity))),
        TextArray(findings.Select(f => NationalJson.Name(f.Status))),
        new NpgsqlParameter { Value = findings.Select(f => f.Amount).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric },
        JsonArray(findings.Select(f => JsonSerializer.Serialize(f, NationalJson.Options))),
        new NpgsqlParameter { Value = findings.Select(f => (object?)admdvsOf(f) ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter TextArray(IEnumerable<string> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter JsonArray(IEnumerable<string> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };
}
