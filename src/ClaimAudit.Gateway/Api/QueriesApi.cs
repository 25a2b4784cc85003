using System.Globalization;
using System.Text;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Api;

/// <summary>
/// Questions across episodes, answered from the read model within the caller's region: the review queue, the
/// findings search and its CSV export, an institution's scorecard.
/// </summary>
public static class QueriesApi
{
    private const int DefaultPageSize = 100;
    private static readonly string[] Severities = ["violation", "suspicious", "warning"];
    private static readonly string[] Statuses = Enum.GetValues<FindingStatus>().Select(NationalJson.Name).ToArray();
    public static readonly string[] AwaitingReview = ["pending_review", "appealed"];

    public static IEndpointRouteBuilder MapQueries(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/reviews", Reviews)
            .RequireAuthorization(Policies.Query)
            .WithTags("Reviews")
            .Produces<FindingPage>()
            .ProducesValidationProblem()
            .WithSummary("The review queue: findings pending review or appealed, oldest first (order=newest: newest first), keyset-paged (page = the previous answer's next)");
        routes.MapGet("/api/v1/findings", Search)
            .RequireAuthorization(Policies.Query)
            .WithTags("Findings")
            .Produces<FindingPage>()
            .ProducesValidationProblem()
            .WithSummary("Search findings of one's region: the review queue's filters plus status (comma-separated)");
        routes.MapGet("/api/v1/regions/institutions", Region)
            .RequireAuthorization(Policies.Query)
            .WithTags("Institutions")
            .Produces<List<InstitutionTotals>>()
            .ProducesValidationProblem()
            .WithSummary("The institutions of one's region (admdvs: a narrower one) by deduction rate, highest first: discharged episodes, amount, deduction, in months from..to (yyyy-MM)");
        routes.MapGet("/api/v1/findings/counts", Counts)
            .RequireAuthorization(Policies.Query)
            .WithTags("Findings")
            .Produces<IReadOnlyDictionary<string, int>>()
            .ProducesValidationProblem()
            .WithSummary("How many findings of one's region match the search's filters, by status (status and page ignored)");
        routes.MapGet("/api/v1/findings/export", Export)
            .RequireAuthorization(Policies.Query)
            .WithTags("Findings")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .WithSummary("The same search as CSV (UTF-8 with BOM, national field names), streamed");
        routes.MapGet("/api/v1/institutions/{fixmedins_code}/findings", InstitutionFindings)
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<InstitutionScopeFilter>()
            .WithTags("Institutions")
            .Produces<FindingPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One institution's findings (a hospital its own): the search's filters, oldest first, keyset-paged");
        routes.MapGet("/api/v1/institutions/{fixmedins_code}/scorecard", Scorecard)
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<InstitutionScopeFilter>()
            .WithTags("Institutions")
            .Produces<Scorecard>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An institution by month of discharge (from, to: yyyy-MM): episodes, lines, amount, deduction by status, findings by kind, 药占比, 耗材占比, 平均住院日, 次均费用, 自费比例");
        return routes;
    }

    private static async Task<IResult> Reviews(HttpContext http, IClusterClient cluster, InstitutionScope scope, AccessLog log) =>
        await Page(http, cluster, scope, log, AwaitingReview);

    private static async Task<IResult> Search(HttpContext http, IClusterClient cluster, InstitutionScope scope, AccessLog log) =>
        await Page(http, cluster, scope, log, null);

    private static async Task<IResult> Page(HttpContext http, IClusterClient cluster, InstitutionScope scope, AccessLog log, string[]? statuses)
    {
        var (query, errors) = await ReadQuery(http, scope, statuses);
        if (query is null)
            return errors is null ? TypedResults.Ok(new FindingPage([], null)) : Problems.Invalid(errors);
        var page = await cluster.GetGrain<IFindingsGrain>(0).Search(query);
        await RecordReads(http, log, "GET " + http.Request.Path, page);
        return TypedResults.Ok(page);
    }

    private static async Task<IResult> InstitutionFindings(string fixmedins_code, HttpContext http, IClusterClient cluster, InstitutionScope scope, AccessLog log)
    {
        var (query, errors) = await ReadQuery(http, scope, null, fixmedins_code);
        if (query is null)
            return Problems.Invalid(errors!);
        var page = await cluster.GetGrain<IFindingsGrain>(0).Search(query);
        await RecordReads(http, log, "GET " + http.Request.Path, page);
        return TypedResults.Ok(page);
    }

    private static async Task<IResult> Counts(HttpContext http, IClusterClient cluster, InstitutionScope scope)
    {
        var (query, errors) = await ReadQuery(http, scope, null);
        if (query is null)
            return errors is null ? TypedResults.Ok(new Dictionary<string, int>()) : Problems.Invalid(errors);
        return TypedResults.Ok(await cluster.GetGrain<IFindingsGrain>(0).CountByStatus(query));
    }

    /// <summary>A listing shows each finding's patient: every episode on the page counts as read.</summary>
    public static async Task RecordReads(HttpContext http, AccessLog log, string action, FindingPage page)
    {
        foreach (var (code, mdtrt) in page.Items.Select(i => (i.Finding.FixmedinsCode, i.Finding.MdtrtId)).Distinct())
            await log.RecordAsync(http, action, code, mdtrt);
    }

    private static async Task Export(HttpContext http, IClusterClient cluster, InstitutionScope scope, AccessLog log)
    {
        var (query, errors) = await ReadQuery(http, scope, null);
        if (errors is not null)
        {
            await Problems.Invalid(errors).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"findings.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await writer.WriteLineAsync("finding_id,rule_id,rule_kind,severity,status,fixmedins_code,admdvs,mdtrt_id,psn_no,feedetl_sns,amount,message,basis,rule_set_version,raised_at");
        for (var page = query is null ? null : query with { PageSize = FindingSearchPageSize }; page is not null;)
        {
            var answer = await cluster.GetGrain<IFindingsGrain>(0).Search(page);
            await RecordReads(http, log, "GET /api/v1/findings/export", answer);
            foreach (var item in answer.Items)
            {
                var f = item.Finding;
                await writer.WriteLineAsync(string.Join(',',
                    Csv(f.FindingId), Csv(f.RuleId), Csv(f.RuleKind), NationalJson.Name(f.Severity), NationalJson.Name(f.Status), Csv(f.FixmedinsCode), Csv(item.Admdvs ?? ""),
                    Csv(f.MdtrtId), Csv(f.PsnNo), Csv(string.Join(';', f.FeedetlSns)), f.Amount.ToString(CultureInfo.InvariantCulture), Csv(f.Message),
                    Csv(f.Basis), Csv(f.RuleSetVersion), item.RaisedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
            }
            await writer.FlushAsync(http.RequestAborted);
            page = answer.Next is { } next ? page with { After = next } : null;
        }
    }

    private const int FindingSearchPageSize = 1_000;

    private static async Task<IResult> Scorecard(string fixmedins_code, HttpContext http, IClusterClient cluster)
    {
        var errors = new List<FieldError>();
        var from = Period(http, "from", errors);
        var to = Period(http, "to", errors);
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        return TypedResults.Ok(await cluster.GetGrain<IFindingsGrain>(0).Scorecard(fixmedins_code, from, to));
    }

    /// <summary>
    /// The query's filters, held to the caller's region: a reviewer or bureau asking about an institution or region outside
    /// its own gets an empty answer (null query, no errors), as if there were nothing there.
    /// </summary>
    public static async Task<(FindingQuery? Query, List<FieldError>? Errors)> ReadQuery(HttpContext http, InstitutionScope scope, string[]? statuses, string? institution = null)
    {
        var q = http.Request.Query;
        var errors = new List<FieldError>();
        string? Text(string name) => QueryText.Read(http.Request, name, errors);
        var admdvs = Text("admdvs");
        if (admdvs is not null && !admdvs.All(char.IsAsciiDigit))
            errors.Add(new FieldError("admdvs", "expected a region code or prefix (digits)"));
        var code = Text("fixmedins_code");
        var kind = Text("rule_kind");
        var severity = Text("severity");
        if (severity is not null && !Severities.Contains(severity))
            errors.Add(new FieldError("severity", $"expected one of {string.Join(", ", Severities)}"));
        var wanted = statuses ?? (Text("status")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? []);
        foreach (var status in wanted.Where(s => !Statuses.Contains(s)))
            errors.Add(new FieldError("status", $"'{status}' is not one of {string.Join(", ", Statuses)}"));
        var from = Date(Text("from"), "from", errors);
        var to = Date(Text("to"), "to", errors);
        decimal? minAmount = null;
        if (Text("min_amount") is { } amount)
        {
            if (decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
                minAmount = value;
            else
                errors.Add(new FieldError("min_amount", "expected a number"));
        }
        var pageSize = DefaultPageSize;
        if (Text("page_size") is { } size && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > FindingSearchPageSize))
            errors.Add(new FieldError("page_size", $"expected a whole number from 1 to {FindingSearchPageSize}"));
        var order = Text("order");
        if (order is not null && order is not ("oldest" or "newest"))
            errors.Add(new FieldError("order", "expected oldest (the default) or newest"));
        var page = Text("page");
        if (page is not null && page.Length > 100)
            errors.Add(new FieldError("page", "is not a cursor this API gave"));
        if (errors.Count > 0)
            return (null, errors);
        // One institution's findings, its scope already checked (InstitutionScopeFilter): the hospital's own list.
        if (institution is not null)
            return (new FindingQuery(null, institution, kind, severity, wanted, from, to is { } end ? end.AddDays(1) : null, minAmount, page, pageSize, order == "newest"), null);

        var caller = Caller.Of(http.User)!;
        if (RegionFor(caller, admdvs) is not (true, var region))
            return (null, null); // another region: nothing there for this caller
        if (code is not null && !await scope.AllowsAsync(caller, code))
            return (null, null);
        return (new FindingQuery(region, code, kind, severity, wanted, from, to is { } t ? t.AddDays(1) : null, minAmount, page, pageSize, order == "newest"), null);
    }

    /// <summary>
    /// The region a question is held to: an administrator's as named (or every region), a regional caller's own or a
    /// narrower one it names; another region is out of scope (answered as if nothing were there).
    /// </summary>
    public static (bool InScope, string? Region) RegionFor(Caller caller, string? admdvs)
    {
        if (caller.IsAdmin)
            return (true, admdvs);
        if (admdvs is null || caller.Admdvs!.StartsWith(admdvs, StringComparison.Ordinal))
            return (true, caller.Admdvs);
        return admdvs.StartsWith(caller.Admdvs, StringComparison.Ordinal) ? (true, admdvs) : (false, null);
    }

    private static async Task<IResult> Region(HttpContext http, IClusterClient cluster)
    {
        var errors = new List<FieldError>();
        var admdvs = QueryText.Read(http.Request, "admdvs", errors);
        if (admdvs is not null && !admdvs.All(char.IsAsciiDigit))
            errors.Add(new FieldError("admdvs", "expected a region code or prefix (digits)"));
        var from = Period(http, "from", errors);
        var to = Period(http, "to", errors);
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        if (RegionFor(Caller.Of(http.User)!, admdvs) is not (true, var region))
            return TypedResults.Ok(new List<InstitutionTotals>());
        var totals = await cluster.GetGrain<IFindingsGrain>(0).Region(region, from, to);
        return TypedResults.Ok(totals.OrderByDescending(t => t.DeductionRate ?? -1).ThenBy(t => t.FixmedinsCode, StringComparer.Ordinal).ToList());
    }

    private static DateTimeOffset? Date(string? value, string field, List<FieldError> errors)
    {
        if (value is null)
            return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)); // 北京时间
        errors.Add(new FieldError(field, "expected a date yyyy-MM-dd"));
        return null;
    }

    private static string? Period(HttpContext http, string field, List<FieldError> errors)
    {
        var value = http.Request.Query[field].FirstOrDefault();
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Length == 7 && DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return value;
        errors.Add(new FieldError(field, "expected a month yyyy-MM"));
        return null;
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; a leading = + - @ is defused for spreadsheets.</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
