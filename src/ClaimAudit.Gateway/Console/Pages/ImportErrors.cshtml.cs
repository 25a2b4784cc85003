using ClaimAudit.Gateway.Imports;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>The job's refused records as CSV (as GET /api/v1/imports/{id}/errors), for a signed-in browser.</summary>
[Authorize(Policy = Policies.Import)]
public sealed class ImportErrorsModel(ImportJobs jobs) : ConsolePage
{
    public IActionResult OnGet(string import_id) => jobs.Find(import_id, Caller) is { } job && System.IO.File.Exists(job.ErrorsPath)
        ? PhysicalFile(job.ErrorsPath, "text/csv; charset=utf-8", $"{job.Id}-errors.csv")
        : NotFoundPage();
}
