using ClaimAudit.Abstractions;

namespace ClaimAudit.Gateway.Api;

/// <summary>
/// A grain whose stored state cannot be read, or whose storage did not answer, answers 503 with a problem-details body
/// naming the resource asked for — never a bare 500. A person's key is the insured's number and is not echoed; the resource is named from the path.
/// </summary>
internal sealed class UnreadableStateFilter : IEndpointFilter
{
    /// <summary>How long a caller should wait when the storage did not answer (a database restart, a failover).</summary>
    private const int TransientRetryAfterSeconds = 5;

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is T found)
                return found;
        return null;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        // Orleans wraps what a storage provider throws while an activation reads its state.
        catch (Exception wrapper) when (Find<StateUnreadableException>(wrapper) is { } e)
        {
            var http = context.HttpContext;
            var route = http.Request.RouteValues;
            var resource = (route["fixmedins_code"], route["mdtrt_id"]) switch
            {
                (string code, string mdtrt) => $"episode {code}/{mdtrt}",
                (string code, null) => $"institution {code}",
                _ when e.GrainType is "episode" or "institution" => $"{e.GrainType} {e.GrainKey}",
                _ => "the resource of this request",
            };
            var what = e.GrainType == "person" ? "the person's history it depends on" : $"its stored {e.GrainType} state";
            if (e.Transient)
                http.Response.Headers.RetryAfter = TransientRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                e.Transient
                    ? $"{resource} cannot be served now: the storage of {what} did not answer. Retry later."
                    : $"{resource} cannot be served: {what} cannot be read. Operators are alerted; nothing of it changes until it is repaired.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Stored state unavailable.",
                extensions: new Dictionary<string, object?> { ["grain_type"] = e.GrainType, ["transient"] = e.Transient });
        }
        catch (Exception wrapper) when (Find<StorageUnavailableException>(wrapper) is not null)
        {
            // The database did not answer while the call was being made durable: nothing the caller was told of is lost,
            // and re-sending the same request is safe (feedetl_sn, msgid and finding ids make it count once).
            context.HttpContext.Response.Headers.RetryAfter = TransientRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                "The storage did not answer; nothing of this request was acknowledged. Send it again after Retry-After.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage unavailable.",
                extensions: new Dictionary<string, object?> { ["transient"] = true });
        }
    }
}
