using ClaimAudit.Gateway.Imports;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>A bureau's imports: upload a platform extract (the three tables) as POST /api/v1/imports takes it, and one's jobs with their progress.</summary>
[Authorize(Policy = Policies.Import)]
[ConsoleMethods("GET", "POST")]
[RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)]
[DisableRequestSizeLimit] // the job's own limit (Imports:MaxUploadBytes) applies, as for the API
public sealed class ImportsModel(ImportJobs jobs, IOptions<ImportOptions> options) : ConsolePage
{
    public IReadOnlyList<ImportStatus> Jobs { get; private set; } = [];

    public List<FieldError> Errors { get; } = [];

    public void OnGet() => Jobs = jobs.Of(Caller).Select(j => j.Status()).ToList();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (job, errors) = await ImportsApi.StartAsync(Request, jobs, options.Value, cancellationToken);
        if (job is not null)
            return LocalRedirect($"/console/imports/{job.Id}");
        Errors.AddRange(errors);
        OnGet();
        return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
    }
}
