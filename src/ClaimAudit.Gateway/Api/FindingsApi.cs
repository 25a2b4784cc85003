using System.Text.Json;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;

namespace ClaimAudit.Gateway.Api;

/// <summary>
/// One finding and its lifecycle (docs/findings.md): its history, a reviewer's decision, a hospital's appeal. Each
/// transition is durable before the answer; one that does not apply answers 409 naming the finding's current state.
/// </summary>
public static class FindingsApi
{
    public static RouteGroupBuilder MapFindings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/findings").WithTags("Findings");
        group.MapGet("/{finding_id}", Get)
            .RequireAuthorization(Policies.Read)
            .Produces<FindingDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A finding in its current state, with every transition (who, role, when, from → to, why)");
        group.MapPost("/{finding_id}/decision", Decide)
            .RequireAuthorization(Policies.Decide)
            .Accepts<DecisionRequest>("application/json")
            .Produces<FindingDetail>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Decide: confirm or dismiss a finding pending review; uphold or overturn an appeal");
        group.MapPost("/{finding_id}/appeal", Appeal)
            .RequireAuthorization(Policies.Appeal)
            .Accepts<AppealRequest>("application/json")
            .Produces<FindingDetail>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Appeal an open or confirmed finding with a reason and evidence (text or attachment references)");
        return group;
    }

    private static readonly Dictionary<string, ReviewAction> Decisions = new(StringComparer.Ordinal)
    {
        ["confirm"] = ReviewAction.Confirm,
        ["dismiss"] = ReviewAction.Dismiss,
        ["uphold"] = ReviewAction.Uphold,
        ["overturn"] = ReviewAction.Overturn,
    };

    private static async Task<IResult> Get(string finding_id, HttpContext http, IClusterClient cluster, InstitutionScope scope, AccessLog log)
    {
        if (await EpisodeOf(finding_id, http, cluster, scope) is not { } episode || await episode.GetFinding(finding_id) is not { } detail)
            return Problems.NotFound("finding");
        await log.RecordAsync(http, "GET finding " + finding_id, detail.Finding.FixmedinsCode, detail.Finding.MdtrtId);
        return TypedResults.Ok(detail);
    }

    private static async Task<IResult> Decide(string finding_id, HttpContext http, IClusterClient cluster, InstitutionScope scope, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request, cancellationToken);
        if (error is not null)
            return error;
        var reader = new NationalReader();
        var decision = reader.Text(body, "", "decision", required: true);
        var reason = reader.Text(body, "", "reason", required: true);
        if (decision is not null && !Decisions.ContainsKey(decision))
            reader.Fail("decision", $"'{Truncated(decision)}' is not one of {string.Join(", ", Decisions.Keys)}");
        if (reader.HasErrors)
            return Problems.Invalid(reader.Errors);
        return await ReviewAsync(finding_id, http, cluster, scope, Decisions[decision!], reason!, []);
    }

    private static async Task<IResult> Appeal(string finding_id, HttpContext http, IClusterClient cluster, InstitutionScope scope, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request, cancellationToken);
        if (error is not null)
            return error;
        var reader = new NationalReader();
        var reason = reader.Text(body, "", "reason", required: true);
        var evidence = new List<string>();
        if (body.TryGetProperty("evidence", out var items) && items.ValueKind != JsonValueKind.Null)
        {
            if (items.ValueKind != JsonValueKind.Array)
                reader.Fail("evidence", "expected an array of strings (text or attachment references)");
            else if (items.GetArrayLength() > MaxEvidence)
                reader.Fail("evidence", $"holds {items.GetArrayLength()} items; at most {MaxEvidence}");
            else
                for (var i = 0; i < items.GetArrayLength(); i++)
                {
                    var item = items[i];
                    if (item.ValueKind != JsonValueKind.String)
                        reader.Fail($"evidence[{i}]", "expected a string");
                    else if (NationalFieldLengths.Check("evidence", item.GetString()!) is { } problem)
                        reader.Fail($"evidence[{i}]", problem);
                    else
                        evidence.Add(item.GetString()!);
                }
        }
        if (reader.HasErrors)
            return Problems.Invalid(reader.Errors);
        return await ReviewAsync(finding_id, http, cluster, scope, ReviewAction.Appeal, reason!, evidence);
    }

    private const int MaxEvidence = 20;

    private static async Task<IResult> ReviewAsync(
        string findingId, HttpContext http, IClusterClient cluster, InstitutionScope scope, ReviewAction action, string reason, IReadOnlyList<string> evidence)
    {
        var outcome = await FindingAccess.ReviewAsync(findingId, Caller.Of(http.User)!, cluster, scope, action, reason, evidence);
        if (outcome?.Detail is null)
            return Problems.NotFound("finding");
        if (outcome.RefusedIn is { } current)
            return TypedResults.Problem(
                detail: $"The finding is {NationalJson.Name(current)}: {outcome.RefusedReason}.",
                statusCode: StatusCodes.Status409Conflict,
                title: "The finding is not in a state this action applies to.",
                extensions: new Dictionary<string, object?> { ["current_status"] = NationalJson.Name(current) });
        return TypedResults.Ok(outcome.Detail);
    }

    private static Task<IEpisodeGrain?> EpisodeOf(string findingId, HttpContext http, IClusterClient cluster, InstitutionScope scope) =>
        FindingAccess.EpisodeOfAsync(findingId, Caller.Of(http.User), cluster, scope);

    private static string Truncated(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>A reviewer's decision: <c>confirm</c> | <c>dismiss</c> (pending review), <c>uphold</c> | <c>overturn</c> (appealed).</summary>
public sealed record DecisionRequest(string Decision, string Reason);

/// <summary>A hospital's appeal: why, and the evidence (text, or references to attachments held elsewhere).</summary>
public sealed record AppealRequest(string Reason, IReadOnlyList<string>? Evidence);
