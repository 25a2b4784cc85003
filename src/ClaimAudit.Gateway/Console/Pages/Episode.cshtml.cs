using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>One episode: the patient as stored, the stay, its diagnoses, its lines by day and by charge type, totals, the reconciled deduction, findings and coverage.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class EpisodeModel(IClusterClient cluster, InstitutionScope scope, AccessLog log, DiagnosisCodes diagnoses) : ConsolePage
{
    public EpisodeView View { get; private set; } = null!;

    public Episode Record { get; private set; } = null!;

    public IReadOnlyList<FeeLine> Lines { get; private set; } = [];

    public string? DiagnosisName(string code) => diagnoses.Catalogue?.NameOf(code);

    public async Task<IActionResult> OnGetAsync(string fixmedins_code, string mdtrt_id)
    {
        if (!await scope.AllowsAsync(Caller, fixmedins_code))
            return NotFoundPage();
        var episode = cluster.GetEpisode(fixmedins_code, mdtrt_id);
        if (await episode.Get() is not { } view || await episode.Snapshot() is not { } snapshot)
            return NotFoundPage();
        (View, Record, Lines) = (view, snapshot.Episode, snapshot.Lines);
        await log.RecordAsync(HttpContext, "GET episode", fixmedins_code, mdtrt_id);
        return Page();
    }

    /// <summary>Net amount and line count per charge type (refunds folded in), largest first.</summary>
    public IEnumerable<(string Type, int Lines, decimal Amount)> ByChargeType() => Lines
        .GroupBy(l => l.MedChrgitmType)
        .Select(g => (g.Key, g.Count(l => !l.IsRefund), g.Sum(l => l.DetItemFeeSumamt)))
        .OrderByDescending(t => t.Item3);
}
