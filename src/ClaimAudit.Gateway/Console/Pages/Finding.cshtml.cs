using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Api;
using ClaimAudit.Gateway.National;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>
/// One finding: what the rule found and on which lines, the episode's lines day by day with the lines at fault and
/// the lines involved marked, every transition of its history, and the decision or appeal its reader's role allows.
/// </summary>
[Authorize(Policy = Policies.Read)]
[ConsoleMethods("GET", "POST")]
public sealed class FindingModel(IClusterClient cluster, InstitutionScope scope, AccessLog log, RuleNames ruleNames) : ConsolePage
{
    public FindingDetail Detail { get; private set; } = null!;

    public IReadOnlyList<FeeLine> Lines { get; private set; } = [];

    public string? RuleName { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string finding_id) =>
        await FindingAccess.EpisodeOfAsync(finding_id, Caller, cluster, scope) is { } episode && await Load(episode, finding_id) ? Page() : NotFoundPage();

    /// <summary>One form, whose <c>action</c> says which transition: decide (confirm, dismiss, uphold, overturn) or appeal.</summary>
    public async Task<IActionResult> OnPostAsync(string finding_id, string? action, string? reason, string? evidence)
    {
        // Found once within the caller's scope; the transition and the page read that same episode.
        if (await FindingAccess.EpisodeOfAsync(finding_id, Caller, cluster, scope) is not { } episode)
            return NotFoundPage();
        ReviewAction? transition = action switch
        {
            "confirm" => ReviewAction.Confirm,
            "dismiss" => ReviewAction.Dismiss,
            "uphold" => ReviewAction.Uphold,
            "overturn" => ReviewAction.Overturn,
            "appeal" => ReviewAction.Appeal,
            _ => null,
        };
        if (transition is { } t && !May(t == ReviewAction.Appeal ? Policies.Appeal : Policies.Decide))
            return Forbid();
        var items = (evidence ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        Message = transition is null ? "请选择要执行的操作。"
            : string.IsNullOrWhiteSpace(reason) ? "请填写理由。"
            : NationalFieldLengths.Check("reason", reason) is { } problem ? "理由：" + problem
            : items.Count > 20 ? "证据最多 20 条。"
            : items.Select(i => NationalFieldLengths.Check("evidence", i)).FirstOrDefault(p => p is not null) is { } bad ? "证据：" + bad
            : null;
        if (Message is null)
        {
            var outcome = await FindingAccess.ReviewAsync(episode, finding_id, Caller, transition!.Value, reason!.Trim(), items);
            if (outcome is null)
                return NotFoundPage();
            Message = outcome.RefusedIn is { } current ? $"未执行：该记录当前为{ConsoleText.Status(current)}（{outcome.RefusedReason}）。" : "已保存。";
            Failed = outcome.RefusedIn is not null;
        }
        else
            Failed = true;
        if (!await Load(episode, finding_id))
            return NotFoundPage();
        return Failed ? new PageResult { StatusCode = StatusCodes.Status409Conflict } : Page();
    }

    private async Task<bool> Load(IEpisodeGrain episode, string findingId)
    {
        if (await episode.GetFinding(findingId) is not { } detail)
            return false;
        Detail = detail;
        Lines = (await episode.Snapshot())?.Lines ?? [];
        RuleName = (await ruleNames.GetAsync()).GetValueOrDefault(detail.Finding.RuleId);
        await log.RecordAsync(HttpContext, "GET finding " + findingId, detail.Finding.FixmedinsCode, detail.Finding.MdtrtId);
        return true;
    }

    /// <summary>What the reader's role may do with the finding as it stands.</summary>
    public IEnumerable<(string Action, string Label)> Actions()
    {
        var status = Detail.Finding.Status;
        if (May(Policies.Decide) && status == FindingStatus.PendingReview)
        {
            yield return ("confirm", "确认违规");
            yield return ("dismiss", "排除");
        }
        if (May(Policies.Decide) && status == FindingStatus.Appealed)
        {
            yield return ("uphold", "驳回申诉");
            yield return ("overturn", "申诉成立");
        }
        if (May(Policies.Appeal) && status is FindingStatus.Open or FindingStatus.Confirmed)
            yield return ("appeal", "提交申诉");
    }
}
