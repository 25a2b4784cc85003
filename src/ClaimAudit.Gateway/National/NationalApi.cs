using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.National;

/// <summary>
/// The national platform's interfaces as a HIS already calls them (docs/national.md): <c>POST /api/v1/national/{infno}</c>
/// for 3101/3102 (what-if checks), 3103 (feedback on their warnings), 2301 (fee lines), 2401 (admission) and 2402
/// (discharge). Same credentials as the rest of the API; a credential may only send its own institution's messages.
/// </summary>
public static class NationalApi
{
    public static RouteGroupBuilder MapNational(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/national").WithTags("National interfaces");
        Map(group, "3101", "3101 明细审核事前分析服务: a what-if check of orders (stores nothing)", (m, r, ct) => m.PrecheckAsync("3101", r, ct));
        Map(group, "3102", "3102 明细审核事中分析服务: a what-if check before settlement (stores nothing)", (m, r, ct) => m.PrecheckAsync("3102", r, ct));
        Map(group, "3103", "3103 事前事中服务反馈: what the doctor did about each warning", (m, r, ct) => m.FeedbackAsync(r, ct));
        Map(group, "2301", "2301 住院费用明细上传: fee lines, answered per line", (m, r, ct) => m.FeeLinesAsync(r, ct));
        Map(group, "2401", "2401 入院办理: admit an episode", (m, r, ct) => m.AdmitAsync(r, ct));
        Map(group, "2402", "2402 出院办理: discharge an episode; answers its final findings", (m, r, ct) => m.DischargeAsync(r, ct));
        group.MapPost("/{infno}", (string infno, HttpRequest request, NationalMessages messages, CancellationToken ct) => messages.UnservedAsync(infno, request, ct))
            .RequireAuthorization(Policies.Submit)
            .Produces<JsonObject>()
            .WithSummary("Any other infno: answered in the envelope with infcode -1");
        return group;
    }

    private static void Map(RouteGroupBuilder group, string infno, string summary, Func<NationalMessages, HttpRequest, CancellationToken, Task<IResult>> handle) =>
        group.MapPost($"/{infno}", (HttpRequest request, NationalMessages messages, CancellationToken ct) => handle(messages, request, ct))
            .RequireAuthorization(Policies.Submit)
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName($"national-{infno}")
            .WithSummary(summary);
}

/// <summary>Settings of the <c>National</c> configuration section.</summary>
public sealed class NationalOptions
{
    public const string Section = "National";

    /// <summary>
    /// How long a 3101/3102 check may take at the gateway. A HIS blocks its order-entry screen on the answer: past the
    /// budget it is told the service could not answer, and goes on (fail open); the late work is cancelled.
    /// </summary>
    public int TimeBudgetMs { get; set; } = 800;
}

/// <summary>The handlers of the national interfaces; each reads the envelope, checks the sender and answers in the envelope.</summary>
public sealed class NationalMessages(
    IClusterClient cluster,
    InstitutionScope scope,
    DiagnosisCodes codes,
    RuleNames ruleNames,
    IOptions<NationalOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider clock,
    ILogger<NationalMessages> logger)
{
    private sealed record Received(NationalEnvelope? Envelope, IResult? Answer);

    public async Task<IResult> PrecheckAsync(string infno, HttpRequest request, CancellationToken cancellationToken)
    {
        var received = clock.GetLocalNow().DateTime;
        var budget = TimeSpan.FromMilliseconds(options.Value.TimeBudgetMs);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        string? msgid = null;
        // Everything that may wait on the cluster (the sender's region, the check) is inside the budget.
        var work = Task.Run(async () =>
        {
            var (envelope, answer) = await ReceiveAsync(infno, request, received, id => msgid = id, deadline.Token);
            if (envelope is null)
                return answer!;
            var (check, taskId, errors) = PrecheckMessage.Read(envelope, codes.Catalogue);
            if (check is null)
                return Invalid(infno, envelope.Msgid, received, errors);
            var orders = check.Patients.Sum(p => p.Encounters.Sum(e => e.Lines.Count));
            if (orders > gateway.Value.MaxBatchLines)
                return Invalid(infno, envelope.Msgid, received, [new FieldError("input.data.patient_dtos", $"holds {orders} orders; at most {gateway.Value.MaxBatchLines} per message")]);
            var result = await cluster.GetGrain<IPrecheckGrain>(0).Check(check, deadline.Token);
            if (result.UnknownRuleIds.Count > 0)
                return Invalid(infno, envelope.Msgid, received, result.UnknownRuleIds
                    .Select(id => new FieldError("input.data.rule_ids", $"'{id}' is no rule of the rule sets in force")).ToList());
            ClaimAuditTelemetry.CountNational(infno, "ok");
            return NationalAnswer.Success(envelope.Msgid, received, PrecheckMessage.Output(result.Results, taskId), clock);
        }, CancellationToken.None);
        try
        {
            return await work.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Observe(work);
            ClaimAuditTelemetry.CountNational(infno, "fail_open");
            return NationalAnswer.Failure(msgid, received,
                $"审核服务未能在 {budget.TotalMilliseconds:0} 毫秒内应答，请继续业务 (the audit service could not answer in time; go on without its check)", [], clock);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The cluster unreachable, or anything else between here and the answer: the HIS must not be held up by it.
            logger.LogWarning("{Infno} could not be answered ({Error}); failing open", infno, e.GetType().Name);
            ClaimAuditTelemetry.CountNational(infno, "fail_open");
            return NationalAnswer.Failure(msgid, received,
                "审核服务暂不可用，请继续业务 (the audit service could not answer: it is unreachable; go on without its check)", [], clock);
        }
    }

    public async Task<IResult> FeedbackAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var received = clock.GetLocalNow().DateTime;
        var (envelope, answer) = await ReceiveAsync("3103", request, received, null, cancellationToken);
        if (envelope is null)
            return answer!;
        var (warns, errors) = FeedbackMessage.Read(envelope);
        if (errors.Count > 0)
            return Invalid("3103", envelope.Msgid, received, errors);

        var caller = Caller.Of(request.HttpContext.User)!;
        var actor = new Rules.Review.Actor(envelope.OpterName is { } name ? $"{caller.Name} ({name})" : caller.Name, caller.Role);
        var issued = await cluster.GetGrain<IIssuedWarningsGrain>(envelope.FixmedinsCode).Find(warns.Select(w => w.WarnRsltId).ToList());
        var places = new Dictionary<string, List<(int Index, WarningFeedback Feedback)>>(StringComparer.Ordinal);
        var unknown = new List<FieldError>();
        var outcome = new string[warns.Count];
        for (var i = 0; i < warns.Count; i++)
        {
            var warn = warns[i];
            var mdtrtId = issued[i]?.MdtrtId;
            if (mdtrtId is null && await cluster.GetGrain<IFindingsGrain>(0).Locate(warn.WarnRsltId) is { } place && place.FixmedinsCode == envelope.FixmedinsCode)
                mdtrtId = place.MdtrtId;
            if (mdtrtId is null)
            {
                unknown.Add(new FieldError(warn.Path, $"'{warn.WarnRsltId}' is no warning issued to this institution (or it was issued more than a day ago)"));
                outcome[i] = "unknown";
                continue;
            }
            if (!places.TryGetValue(mdtrtId, out var list))
                places[mdtrtId] = list = [];
            list.Add((i, new WarningFeedback(warn.WarnRsltId, issued[i]?.Severity ?? Severity.Violation, issued[i]?.Amount ?? 0, warn.Way, warn.Reason, actor)));
        }
        foreach (var (mdtrtId, list) in places)
        {
            var recorded = await cluster.GetEpisode(envelope.FixmedinsCode, mdtrtId).RecordFeedback(list.Select(l => l.Feedback).ToList());
            foreach (var (index, _) in list)
            {
                outcome[index] = recorded ? "recorded" : "unknown";
                if (!recorded)
                    unknown.Add(new FieldError(warns[index].Path, $"its episode '{mdtrtId}' has not been admitted (2401): feedback is recorded on an admitted episode"));
            }
        }
        var output = new JsonObject
        {
            ["result"] = new JsonArray(warns.Select((w, i) => (JsonNode)new JsonObject { ["warn_rslt_id"] = w.WarnRsltId, ["rslt"] = outcome[i] }).ToArray()),
        };
        if (unknown.Count > 0)
            return Invalid("3103", envelope.Msgid, received, unknown, output);
        ClaimAuditTelemetry.CountNational("3103", "ok");
        return NationalAnswer.Success(envelope.Msgid, received, output, clock);
    }

    public async Task<IResult> FeeLinesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var received = clock.GetLocalNow().DateTime;
        var (envelope, answer) = await ReceiveAsync("2301", request, received, null, cancellationToken);
        if (envelope is null)
            return answer!;
        if (!envelope.Input.TryGetProperty("feedetail", out var feedetail) || feedetail.ValueKind != JsonValueKind.Array || feedetail.GetArrayLength() == 0)
            return Invalid("2301", envelope.Msgid, received, [new FieldError("input.feedetail", "is required and must be a non-empty array of fee lines")]);
        if (feedetail.GetArrayLength() > gateway.Value.MaxBatchLines)
            return Invalid("2301", envelope.Msgid, received, [new FieldError("input.feedetail", $"holds {feedetail.GetArrayLength()} lines; at most {gateway.Value.MaxBatchLines} per message")]);

        var elements = feedetail.EnumerateArray().ToList();
        var lines = new FeeLineOutcome[elements.Count];
        var episodes = new Dictionary<string, List<SentLine>>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var path = $"input.feedetail[{i}]";
            var reader = new NationalReader();
            var mdtrtId = elements[i].ValueKind == JsonValueKind.Object ? reader.Text(elements[i], path, "mdtrt_id", required: true) : null;
            var (line, errors) = NationalReader.ReadFeeLine(elements[i], path, chargeTypeRequired: false);
            errors = [.. reader.Errors, .. errors];
            lines[i] = new FeeLineOutcome(line, mdtrtId, errors.Count == 0 ? null : "0", errors);
            if (errors.Count > 0 || line is null)
                continue;
            if (!episodes.TryGetValue(mdtrtId!, out var batch))
                episodes[mdtrtId!] = batch = [];
            batch.Add(new SentLine(i, line));
        }
        ClaimAuditTelemetry.CountLines("rejected", lines.Count(l => l.Status == "0"));

        var findings = new List<Finding>();
        foreach (var (mdtrtId, batch) in episodes)
        {
            try
            {
                var result = await cluster.GetEpisode(envelope.FixmedinsCode, mdtrtId).AddFeeLines(batch);
                var refused = result.Rejected.ToLookup(r => r.Index);
                var duplicates = result.DuplicateIndexes.ToHashSet();
                foreach (var sent in batch)
                    lines[sent.Index] = lines[sent.Index] with
                    {
                        Status = refused.Contains(sent.Index) ? "0" : duplicates.Contains(sent.Index) ? "2" : "1",
                        Errors = refused[sent.Index].Select(r => new FieldError($"input.{r.Field}", r.Reason)).ToList(),
                    };
                findings.AddRange(result.Findings);
            }
            catch (EpisodeNotAdmittedException)
            {
                foreach (var sent in batch)
                    lines[sent.Index] = lines[sent.Index] with
                    {
                        Status = "0",
                        Errors = [new FieldError($"input.feedetail[{sent.Index}].mdtrt_id", "no such episode is known to you (admit it first: 2401)")],
                    };
            }
        }

        var names = await ruleNames.GetAsync();
        var output = new JsonObject
        {
            ["result"] = new JsonArray(lines.Select(l => (JsonNode)l.ToJson()).ToArray()),
            ["vola_result"] = Violations(findings, names),
        };
        var bad = lines.SelectMany(l => l.Errors).ToList();
        if (lines.All(l => l.Status == "0"))
            return Invalid("2301", envelope.Msgid, received, bad, output);
        ClaimAuditTelemetry.CountNational("2301", "ok");
        return bad.Count > 0
            ? NationalAnswer.Success(envelope.Msgid, received, output, clock, warning: string.Join("; ", bad.Select(e => $"{e.Field}: {e.Reason}")))
            : NationalAnswer.Success(envelope.Msgid, received, output, clock);
    }

    public async Task<IResult> AdmitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var received = clock.GetLocalNow().DateTime;
        var (envelope, answer) = await ReceiveAsync("2401", request, received, null, cancellationToken);
        if (envelope is null)
            return answer!;
        var (episode, errors) = ClaimMessage.ReadAdmission(envelope, codes.Catalogue);
        if (episode is null)
            return Invalid("2401", envelope.Msgid, received, errors);
        var view = await cluster.GetEpisode(episode.FixmedinsCode, episode.MdtrtId).Admit(episode);
        ClaimAuditTelemetry.CountNational("2401", "ok");
        return NationalAnswer.Success(envelope.Msgid, received, new JsonObject
        {
            ["result"] = new JsonObject { ["mdtrt_id"] = view.MdtrtId, ["psn_no"] = view.PsnNo, ["ipt_otp_no"] = ClaimMessage.IptNo(envelope) },
            ["vola_result"] = Violations(view.Findings, await ruleNames.GetAsync()),
        }, clock);
    }

    public async Task<IResult> DischargeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var received = clock.GetLocalNow().DateTime;
        var (envelope, answer) = await ReceiveAsync("2402", request, received, null, cancellationToken);
        if (envelope is null)
            return answer!;
        var (mdtrtId, discharge, errors) = ClaimMessage.ReadDischarge(envelope, codes.Catalogue);
        if (discharge is null)
            return Invalid("2402", envelope.Msgid, received, errors);
        EpisodeView view;
        try
        {
            view = await cluster.GetEpisode(envelope.FixmedinsCode, mdtrtId!).Discharge(discharge);
        }
        catch (EpisodeNotAdmittedException)
        {
            return Invalid("2402", envelope.Msgid, received, [new FieldError("input.dscginfo.mdtrt_id", "no such episode is known to you (admit it first: 2401)")]);
        }
        ClaimAuditTelemetry.CountNational("2402", "ok");
        return NationalAnswer.Success(envelope.Msgid, received, new JsonObject
        {
            ["result"] = new JsonObject
            {
                ["mdtrt_id"] = view.MdtrtId, ["psn_no"] = view.PsnNo, ["medfee_sumamt"] = view.Totals.Amount, ["dedu_amt"] = view.Totals.Deduction,
            },
            ["vola_result"] = Violations(view.Findings, await ruleNames.GetAsync()),
        }, clock);
    }

    public async Task<IResult> UnservedAsync(string infno, HttpRequest request, CancellationToken cancellationToken)
    {
        var received = clock.GetLocalNow().DateTime;
        var (envelope, answer) = await ReceiveAsync(infno, request, received, null, cancellationToken);
        if (envelope is null)
            return answer!;
        ClaimAuditTelemetry.CountNational("other", "invalid");
        return NationalAnswer.Failure(envelope.Msgid, received, $"infno: this service answers 3101, 3102, 3103, 2301, 2401 and 2402, not '{Shorten(infno)}'",
            [new FieldError("infno", "is not an interface this service answers (3101, 3102, 3103, 2301, 2401, 2402)")], clock);
    }

    /// <summary>The body as JSON, its sender checked against the credential (403 otherwise), the envelope read.</summary>
    private async Task<Received> ReceiveAsync(string infno, HttpRequest request, DateTime received, Action<string?>? onMsgid, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return new(null, Invalid(infno, null, received, [new FieldError("$", $"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})")]));
        }
        if (NationalEnvelope.SenderOf(body) is { Length: > 0 } sender
            && (NationalFieldLengths.Check("fixmedins_code", sender) is not null || !await scope.AllowsAsync(Caller.Of(request.HttpContext.User), sender)))
        {
            ClaimAuditTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("status", "403"));
            return new(null, TypedResults.Problem("A credential may only send messages of an institution in its scope (fixmedins_code).",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden."));
        }
        var (envelope, msgid, errors) = NationalEnvelope.Read(body, infno);
        onMsgid?.Invoke(msgid);
        return envelope is null ? new(null, Invalid(infno, msgid, received, errors)) : new(envelope, null);
    }

    private IResult Invalid(string infno, string? msgid, DateTime received, IReadOnlyList<FieldError> errors, JsonObject? output = null)
    {
        ClaimAuditTelemetry.CountNational(infno, "invalid");
        return NationalAnswer.Invalid(msgid, received, errors, clock, output);
    }

    private static JsonArray Violations(IEnumerable<Finding> findings, IReadOnlyDictionary<string, string> names) =>
        // A stored finding's lines are its own episode's: at fault with their amounts, involved without an episode named.
        new(findings.Select(f => (JsonNode)PrecheckMessage.Result(f, names.GetValueOrDefault(f.RuleId) ?? f.RuleId,
            PrecheckLine.Of(f, _ => (null, 0)), null)).ToArray());

    private static void Observe(Task task) => task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}

/// <summary>One line of a 2301 answer: <c>acpt_stas</c> 1 accepted, 2 already received (a re-send), 0 refused (<c>memo</c> says why).</summary>
internal sealed record FeeLineOutcome(FeeLine? Line, string? MdtrtId, string? Status, IReadOnlyList<FieldError> Errors)
{
    public JsonObject ToJson() => new()
    {
        ["feedetl_sn"] = Line?.FeedetlSn,
        ["mdtrt_id"] = MdtrtId,
        ["det_item_fee_sumamt"] = Line?.DetItemFeeSumamt,
        ["cnt"] = Line?.Cnt,
        ["pric"] = Line?.Pric,
        ["med_chrgitm_type"] = Line?.MedChrgitmType,
        ["chrgitm_lv"] = Line?.ChrgitmLv,
        ["acpt_stas"] = Status ?? "1",
        ["memo"] = Errors.Count == 0 ? null : string.Join("; ", Errors.Select(e => $"{e.Field}: {e.Reason}")),
    };
}
