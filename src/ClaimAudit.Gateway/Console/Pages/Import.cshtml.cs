using ClaimAudit.Gateway.Imports;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>One import job (as GET /api/v1/imports/{id}): its progress while it runs, then its counts and its errors to download.</summary>
[Authorize(Policy = Policies.Import)]
public sealed class ImportModel(ImportJobs jobs) : ConsolePage
{
    public ImportStatus Job { get; private set; } = null!;

    public bool HasErrorsFile { get; private set; }

    public IActionResult OnGet(string import_id)
    {
        if (jobs.Find(import_id, Caller) is not { } job)
            return NotFoundPage();
        Job = job.Status();
        HasErrorsFile = System.IO.File.Exists(job.ErrorsPath);
        return Page();
    }
}
