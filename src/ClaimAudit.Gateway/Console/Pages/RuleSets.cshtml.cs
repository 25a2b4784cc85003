using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>The rule sets in force (GET /api/v1/rulesets): each rule with its kind and parameters, and what each region's set changes from the national one.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class RuleSetsModel(IClusterClient cluster) : ConsolePage
{
    public IReadOnlyList<RuleSetView> Sets { get; private set; } = [];

    public RulesStatus Status { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var rules = cluster.GetGrain<IRulesGrain>(IRulesGrain.Key);
        Status = await rules.Status();
        Sets = await rules.Sets();
        return Page();
    }

    public RuleSetView National => Sets[0];

    /// <summary>What a region's set changes: a rule's severity, parameters or dates, or a rule it adds or leaves out.</summary>
    public IEnumerable<(string RuleId, string Change)> Changes(RuleSetView region)
    {
        var national = National.Rules.ToDictionary(r => r.RuleId, StringComparer.Ordinal);
        var regional = region.Rules.ToDictionary(r => r.RuleId, StringComparer.Ordinal);
        foreach (var rule in region.Rules)
        {
            if (!national.TryGetValue(rule.RuleId, out var was))
            {
                yield return (rule.RuleId, $"新增：{ConsoleText.Kind(rule.Kind)}");
                continue;
            }
            if (was.Severity != rule.Severity)
                yield return (rule.RuleId, $"违规程度：{ConsoleText.Severity(was.Severity)} → {ConsoleText.Severity(rule.Severity)}");
            foreach (var key in was.Params.Keys.Union(rule.Params.Keys).Order(StringComparer.Ordinal))
                if (was.Params.GetValueOrDefault(key) != rule.Params.GetValueOrDefault(key))
                    yield return (rule.RuleId, $"参数 {key}：{was.Params.GetValueOrDefault(key) ?? "默认"} → {rule.Params.GetValueOrDefault(key) ?? "默认"}");
            if (was.EffectiveFrom != rule.EffectiveFrom || was.EffectiveTo != rule.EffectiveTo)
                yield return (rule.RuleId, $"生效期：{Period(was)} → {Period(rule)}");
        }
        foreach (var rule in National.Rules.Where(r => !regional.ContainsKey(r.RuleId)))
            yield return (rule.RuleId, "本地区不执行");
    }

    public static string Period(RuleView rule) =>
        $"{(rule.EffectiveFrom is { } from ? ConsoleText.Date(from) : "不限")} 至 {(rule.EffectiveTo is { } to ? ConsoleText.Date(to) : "不限")}";
}
