using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>Several findings of the queue confirmed or dismissed with one reason, each as the API's decision would (a finding outside one's region is not found).</summary>
[Authorize(Policy = Policies.Decide)]
[ConsoleMethods("POST")]
public sealed class DecideModel(IClusterClient cluster, InstitutionScope scope) : ConsolePage
{
    private const int MaxFindings = 200;

    public sealed record Outcome(string FindingId, bool Done, string Text);

    public List<Outcome> Outcomes { get; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(string[]? ids, string? decision, string? reason)
    {
        ids = (ids ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToArray();
        var action = decision switch { "confirm" => ReviewAction.Confirm, "dismiss" => ReviewAction.Dismiss, _ => (ReviewAction?)null };
        Error = ids.Length == 0 ? "未选择任何违规记录。"
            : ids.Length > MaxFindings ? $"一次最多处理 {MaxFindings} 条。"
            : action is null ? "请选择“确认违规”或“排除”。"
            : string.IsNullOrWhiteSpace(reason) ? "请填写理由。"
            : NationalFieldLengths.Check("reason", reason) is { } problem ? "理由：" + problem
            : null;
        if (Error is not null)
            return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
        var found = 0;
        foreach (var id in ids)
        {
            var outcome = await FindingAccess.ReviewAsync(id, Caller, cluster, scope, action!.Value, reason!.Trim(), []);
            if (outcome is null)
            {
                Outcomes.Add(new Outcome(id, false, "未找到"));
                continue;
            }
            found++;
            Outcomes.Add(outcome.RefusedIn is { } current
                ? new Outcome(id, false, $"未处理：当前状态为{ConsoleText.Status(current)}")
                : new Outcome(id, true, $"已{(action == ReviewAction.Confirm ? "确认" : "排除")}，现为{ConsoleText.Status(outcome.Detail!.Finding.Status)}"));
        }
        // Nothing the caller may see was named: answered as the API answers a finding outside one's scope.
        return found == 0 ? NotFoundPage() : Page();
    }
}
