using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Imports;
using ClaimAudit.Rules.Contracts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.Imports;

/// <summary>Import jobs of platform extracts (bureau, admin): upload the three tables, follow the job, download its errors.</summary>
public static class ImportsApi
{
    public static RouteGroupBuilder MapImports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/imports").WithTags("Imports").RequireAuthorization(Policies.Import);
        group.MapPost("/", Create)
            .Produces<ImportStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .DisableAntiforgery()
            .WithSummary("Upload a platform extract and start an import job")
            .WithDescription("multipart/form-data with MDTRT_D.csv, FEE_LIST_D.csv and SETL_LIST_DIAG_D.csv (known by file or field name, any case). " +
                             "A content-type filter would answer 415 before the credential is checked, so the body is read by the handler.");
        group.MapGet("/", (HttpContext http, ImportJobs jobs) => TypedResults.Ok(jobs.Of(Caller.Of(http.User)!).Select(j => j.Status()).ToList()))
            .Produces<List<ImportStatus>>()
            .WithSummary("One's import jobs this gateway holds, newest first");
        group.MapGet("/{import_id}", Get)
            .Produces<ImportStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An import job's state, counts and progress");
        group.MapGet("/{import_id}/errors", Errors)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The job's refused records as CSV: file, line, column, value, reason");
        return group;
    }

    private static async Task<IResult> Create(HttpRequest request, ImportJobs jobs, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var (job, errors) = await StartAsync(request, jobs, options.Value, cancellationToken);
        return job is null ? Problems.Invalid(errors) : TypedResults.Accepted($"/api/v1/imports/{job.Id}", job.Status());
    }

    /// <summary>
    /// Reads an upload of the three tables (multipart/form-data; each known by its file or field name, in any case)
    /// and starts the caller's import job; or says which file is missing or unreadable. The API and the console's
    /// upload form both start jobs here.
    /// </summary>
    public static async Task<(ImportJob? Job, List<FieldError> Errors)> StartAsync(HttpRequest request, ImportJobs jobs, ImportOptions options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || !(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (null, [new FieldError("files", "upload MDTRT_D.csv, FEE_LIST_D.csv and SETL_LIST_DIAG_D.csv as multipart/form-data")]);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = options.MaxUploadBytes;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = options.MaxUploadBytes }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, [new FieldError("files", $"the upload could not be read ({e.Message})")]);
        }
        var tables = new[] { ExtractTable.Episodes, ExtractTable.FeeLines, ExtractTable.Diagnoses };
        var files = tables.ToDictionary(t => t, t => form.Files.FirstOrDefault(f =>
            string.Equals(Path.GetFileNameWithoutExtension(f.FileName), t, StringComparison.OrdinalIgnoreCase) || string.Equals(f.Name, t, StringComparison.OrdinalIgnoreCase)));
        var missing = files.Where(f => f.Value is null).Select(f => new FieldError($"files.{f.Key}", $"is required: upload {f.Key}.csv")).ToList();
        if (missing.Count > 0)
            return (null, missing);

        var job = jobs.Create(Caller.Of(request.HttpContext.User)!);
        foreach (var (table, file) in files)
        {
            await using var target = File.Create(Path.Combine(job.Directory, table + ".csv"));
            await file!.CopyToAsync(target, cancellationToken);
        }
        jobs.Enqueue(job);
        return (job, []);
    }

    private static IResult Get(string import_id, HttpContext http, ImportJobs jobs) =>
        jobs.Find(import_id, Caller.Of(http.User)) is { } job ? TypedResults.Ok(job.Status()) : Problems.NotFound("import");

    private static IResult Errors(string import_id, HttpContext http, ImportJobs jobs) =>
        jobs.Find(import_id, Caller.Of(http.User)) is { } job && File.Exists(job.ErrorsPath)
            ? TypedResults.PhysicalFile(job.ErrorsPath, "text/csv; charset=utf-8", $"{job.Id}-errors.csv")
            : Problems.NotFound("import");
}
