using System.Text.Json;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Contracts;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.Api;

/// <summary>Episodes: admission (2401), fee lines (2301, 事中), discharge (2402), status.</summary>
public static class EpisodesApi
{
    public static RouteGroupBuilder MapEpisodes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/episodes").WithTags("Episodes");

        group.MapPost("/", Admit)
            .RequireAuthorization(Policies.Submit)
            .Accepts<Episode>("application/json")
            .Produces<EpisodeView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithSummary("Admit an episode (2401)");
        group.MapPost("/{fixmedins_code}/{mdtrt_id}/fee-lines", AddFeeLines)
            .RequireAuthorization(Policies.Submit)
            .AddEndpointFilter<InstitutionScopeFilter>()
            .Accepts<FeeLinesRequest>("application/json")
            .Produces<FeeBatchResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Send fee lines (2301); answers the findings on these lines (事中)");
        group.MapPost("/{fixmedins_code}/{mdtrt_id}/discharge", Discharge)
            .RequireAuthorization(Policies.Submit)
            .AddEndpointFilter<InstitutionScopeFilter>()
            .Accepts<DischargeInfo>("application/json")
            .Produces<EpisodeView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Discharge an episode (2402); answers its final findings");
        group.MapGet("/{fixmedins_code}/{mdtrt_id}", Get)
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<InstitutionScopeFilter>()
            .AddEndpointFilter<EpisodeReadFilter>()
            .Produces<EpisodeView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An episode's status, totals and findings");
        group.MapGet("/{fixmedins_code}/{mdtrt_id}/fee-lines", GetLines)
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<InstitutionScopeFilter>()
            .AddEndpointFilter<EpisodeReadFilter>()
            .Produces<EpisodeLines>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An episode as received (2401/2402: the stay, the diagnoses) and every fee line it holds, refunds included");
        return group;
    }

    private static async Task<IResult> Admit(
        HttpRequest request, IClusterClient cluster, DiagnosisCodes codes, InstitutionScope scope, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadAsync(request, cancellationToken);
        if (error is not null)
            return error;
        var (episode, errors) = NationalReader.ReadAdmission(body, codes.Catalogue);
        if (episode is null)
            return Problems.Invalid(errors);
        if (!await scope.AllowsAsync(Caller.Of(request.HttpContext.User), episode.FixmedinsCode))
            return Problems.NotFound("institution");
        var view = await cluster.GetEpisode(episode.FixmedinsCode, episode.MdtrtId).Admit(episode);
        return TypedResults.Created($"/api/v1/episodes/{Uri.EscapeDataString(episode.FixmedinsCode)}/{Uri.EscapeDataString(episode.MdtrtId)}", view);
    }

    private static async Task<IResult> AddFeeLines(
        string fixmedins_code, string mdtrt_id, HttpRequest request, IClusterClient cluster,
        IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadAsync(request, cancellationToken);
        if (error is not null)
            return error;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("feedetail", out var feedetail) || feedetail.ValueKind != JsonValueKind.Array)
            return Problems.Invalid([new FieldError("feedetail", "is required and must be an array of fee lines")]);
        if (feedetail.GetArrayLength() > options.Value.MaxBatchLines)
            return Problems.Invalid([new FieldError("feedetail", $"holds {feedetail.GetArrayLength()} lines; at most {options.Value.MaxBatchLines} per batch")]);

        // Good lines go on, each with its index in the batch sent; each bad one is answered by that index here.
        var lines = new List<SentLine>();
        var rejected = new List<LineRejection>();
        var index = 0;
        foreach (var element in feedetail.EnumerateArray())
        {
            var path = $"feedetail[{index}]";
            var (line, errors) = NationalReader.ReadFeeLine(element, path);
            if (line is not null && element.TryGetProperty("mdtrt_id", out var lineMdtrt) && lineMdtrt.ToString() != mdtrt_id)
                errors = [new FieldError($"{path}.mdtrt_id", $"'{lineMdtrt}' differs from the episode in the path ('{mdtrt_id}')")];
            if (errors.Count == 0 && line is not null)
                lines.Add(new SentLine(index, line));
            else
                rejected.AddRange(errors.Select(e => new LineRejection(index, e.Field, e.Reason)));
            index++;
        }
        // The episode counts what it judges (accepted, duplicate, conflicting); the lines refused here are counted here.
        ClaimAuditTelemetry.CountLines("rejected", rejected.Select(r => r.Index).Distinct().Count());

        var episode = cluster.GetEpisode(fixmedins_code, mdtrt_id);
        FeeBatchResult result;
        try
        {
            result = lines.Count > 0 ? await episode.AddFeeLines(lines) : new FeeBatchResult(0, 0, [], []);
        }
        catch (EpisodeNotAdmittedException)
        {
            return Problems.NotFound("episode");
        }
        rejected.AddRange(result.Rejected);
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return TypedResults.Ok(result with { Rejected = rejected });
    }

    private static async Task<IResult> Discharge(string fixmedins_code, string mdtrt_id, HttpRequest request, IClusterClient cluster, DiagnosisCodes codes, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestBody.ReadAsync(request, cancellationToken);
        if (error is not null)
            return error;
        var (discharge, errors) = NationalReader.ReadDischarge(body, codes.Catalogue);
        if (discharge is null)
            return Problems.Invalid(errors);
        try
        {
            return TypedResults.Ok(await cluster.GetEpisode(fixmedins_code, mdtrt_id).Discharge(discharge));
        }
        catch (EpisodeNotAdmittedException)
        {
            return Problems.NotFound("episode");
        }
    }

    private static async Task<IResult> GetLines(string fixmedins_code, string mdtrt_id, IClusterClient cluster) =>
        await cluster.GetEpisode(fixmedins_code, mdtrt_id).Snapshot() is { } snapshot
            ? TypedResults.Ok(new EpisodeLines(snapshot.Episode, snapshot.Lines))
            : Problems.NotFound("episode");

    private static async Task<IResult> Get(string fixmedins_code, string mdtrt_id, IClusterClient cluster) =>
        await cluster.GetEpisode(fixmedins_code, mdtrt_id).Get() is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("episode");
}

/// <summary>An episode's record and its lines as received (<c>feedetail</c>, refunds with <c>init_feedetl_sn</c>).</summary>
public sealed record EpisodeLines(Episode Episode, IReadOnlyList<FeeLine> Feedetail);

/// <summary>The body of a fee-line batch, as 2301 sends it: <c>{ "feedetail": [ … ] }</c>.</summary>
public sealed record FeeLinesRequest(IReadOnlyList<FeeLine> Feedetail);
