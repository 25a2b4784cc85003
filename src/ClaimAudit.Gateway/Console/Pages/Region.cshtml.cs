using System.Text.Json;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>区域概览: the institutions of one's region ranked by deduction rate (as GET /api/v1/regions/institutions), as a chart and a table.</summary>
[Authorize(Policy = Policies.Query)]
public sealed class RegionModel(IClusterClient cluster) : ConsolePage
{
    public IReadOnlyList<(InstitutionTotals Totals, string? Name)> Institutions { get; private set; } = [];

    public string? Region { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? admdvs)
    {
        if (admdvs is not null && (admdvs.Length > 12 || !admdvs.All(char.IsAsciiDigit)))
            return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
        if (QueriesApi.RegionFor(Caller, admdvs) is not (true, var region))
            return Page(); // another region: nothing there
        Region = region;
        var totals = await cluster.GetGrain<IFindingsGrain>(0).Region(region, null, null);
        var ranked = totals.OrderByDescending(t => t.DeductionRate ?? -1).ThenBy(t => t.FixmedinsCode, StringComparer.Ordinal).ToList();
        var names = await Task.WhenAll(ranked.Select(t => cluster.GetGrain<IInstitutionGrain>(t.FixmedinsCode).GetProfile()));
        Institutions = ranked.Select((t, i) => (t, names[i]?.Name)).ToList();
        return Page();
    }

    /// <summary>The ranking as the chart script draws it: a bar per institution, its deduction rate in percent.</summary>
    public string ChartJson() => JsonSerializer.Serialize(new ScorecardModel.Chart("deduction-rate", "核减率", "%", "bar",
        Institutions.Select(i => i.Name ?? i.Totals.FixmedinsCode).ToList(),
        [new ScorecardModel.Series("核减率", Institutions.Select(i => i.Totals.DeductionRate is { } r ? Math.Round(r * 100, 2) : (decimal?)null).ToList())]), JsonSerializerOptions.Web);
}
