using System.Text.Json;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>An institution's months (by discharge): the indicators as charts, each with its numbers in a table beside it.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class ScorecardModel(IClusterClient cluster, InstitutionScope scope) : ConsolePage
{
    public Scorecard Card { get; private set; } = null!;

    public InstitutionView? Institution { get; private set; }

    public async Task<IActionResult> OnGetAsync(string fixmedins_code)
    {
        if (!await scope.AllowsAsync(Caller, fixmedins_code))
            return NotFoundPage();
        Institution = await cluster.GetGrain<IInstitutionGrain>(fixmedins_code).Get();
        Card = await cluster.GetGrain<IFindingsGrain>(0).Scorecard(fixmedins_code, null, null);
        if (Institution is null && Card.Months.Count == 0)
            return NotFoundPage();
        return Page();
    }

    /// <summary>One chart: its title, unit, and series of (month, value) — what the script draws and the table beside it lists.</summary>
    public sealed record Chart(string Id, string Title, string Unit, string Kind, IReadOnlyList<string> Periods, IReadOnlyList<Series> Series)
    {
        /// <summary>A value as the table beside the chart writes it: counts whole, money and shares with two decimals.</summary>
        public string Format(decimal? value) => value is not { } v ? "无数据" : Unit == "条" ? ((int)v).ToString(System.Globalization.CultureInfo.InvariantCulture) : ConsoleText.Amount(v);
    }

    public sealed record Series(string Name, IReadOnlyList<decimal?> Values);

    public IEnumerable<Chart> Charts()
    {
        var months = Card.Months;
        var periods = months.Select(m => m.Period).ToList();
        Chart One(string id, string title, string unit, Func<ScorecardMonth, decimal?> value, decimal scale = 1) =>
            new(id, title, unit, "line", periods, [new Series(title, months.Select(m => value(m) is { } v ? Math.Round(v * scale, 2) : (decimal?)null).ToList())]);
        yield return One("drug-ratio", "药占比", "%", m => m.DrugRatio, 100);
        yield return One("consumable-ratio", "耗材占比", "%", m => m.ConsumableRatio, 100);
        yield return One("stay-days", "平均住院日", "天", m => m.AverageStayDays);
        yield return One("average-cost", "次均费用", "元", m => m.AverageCost);
        yield return One("deduction", "核减金额", "元", m => m.Deduction);
        var deducting = months.SelectMany(m => m.DeductingAmountByKind.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        yield return new Chart("deduction-by-kind", "违规金额（按规则类型，计入核减的违规记录）", "元", "bar", periods,
            deducting.Select(k => new Series(ConsoleText.Kind(k), months.Select(m => (decimal?)m.DeductingAmountByKind.GetValueOrDefault(k)).ToList())).ToList());
        var kinds = months.SelectMany(m => m.FindingsByKind.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        yield return new Chart("findings-by-kind", "违规记录数（按规则类型）", "条", "bar", periods,
            kinds.Select(k => new Series(ConsoleText.Kind(k), months.Select(m => (decimal?)m.FindingsByKind.GetValueOrDefault(k)).ToList())).ToList());
    }

    public static string Json(Chart chart) => JsonSerializer.Serialize(chart, JsonSerializerOptions.Web);
}
