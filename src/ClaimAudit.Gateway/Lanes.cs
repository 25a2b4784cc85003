using System.Threading.RateLimiting;
using ClaimAudit.Abstractions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway;

/// <summary>
/// Two lanes into the cluster. Requests marked <c>X-ClaimAudit-Lane: bulk</c> — a bureau's import, a HIS catching
/// up on a day of lines — share <see cref="GatewayOptions.BulkConcurrency"/> slots per gateway and wait for one in
/// arrival order; everything else (事中 checks while fees are charged, status queries) goes straight in. Bulk work
/// then cannot fill the silos' queues ahead of a real-time check, which waits behind a few bulk batches at most.
/// </summary>
public static class Lanes
{
    public const string Header = "X-ClaimAudit-Lane";
    public const string Bulk = "bulk";

    public static IServiceCollection AddClaimAuditLanes(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayOptions>>((limiter, gateway) =>
        {
            var options = gateway.Value;
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = (context, _) =>
            {
                // A credential's token bucket says when it refills (429); a full bulk lane has no such date (503).
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    ClaimAuditTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("role", Security.Caller.Of(http.User)?.Role ?? "anonymous"));
                }
                else
                    http.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsBulk(http)
                    ? RateLimitPartition.GetConcurrencyLimiter(Bulk, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = options.BulkConcurrency,
                        QueueLimit = options.BulkQueueLimit,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("interactive"));
        });
        return services;
    }

    /// <summary>After the rate limiter: a bulk request's grain calls carry its lane, so the silos bound their work too (<see cref="WorkLane"/>).</summary>
    public static IApplicationBuilder UseClaimAuditLanes(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!IsBulk(http))
        {
            await next(http);
            return;
        }
        using (WorkLane.EnterBulk())
            await next(http);
    });

    private static bool IsBulk(HttpContext http) => string.Equals(http.Request.Headers[Header], Bulk, StringComparison.OrdinalIgnoreCase);
}
