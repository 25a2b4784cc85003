using System.Threading.Channels;
using ClaimAudit.Abstractions;

namespace ClaimAudit.Gateway.Security;

/// <summary>
/// Records every answered read of an episode's personal data (who, when, which episode, from where). Reads are
/// queued here and written to the cluster's access log in batches (at least every half second, and at shutdown),
/// so a status query does not wait for a second write.
/// </summary>
public sealed class AccessLog(IClusterClient cluster, TimeProvider clock, ILogger<AccessLog> logger) : BackgroundService
{
    private const int MaxBatch = 1_000;
    private readonly Channel<AccessEntry> _queue = Channel.CreateBounded<AccessEntry>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public ValueTask RecordAsync(HttpContext http, string action, string fixmedinsCode, string mdtrtId)
    {
        if (Caller.Of(http.User) is not { } caller)
            return ValueTask.CompletedTask;
        return _queue.Writer.WriteAsync(new AccessEntry(clock.GetUtcNow(), caller.CredentialId, caller.Name, caller.Role, action,
            fixmedinsCode, mdtrtId, http.Connection.RemoteIpAddress?.ToString()));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AccessEntry>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
                await FlushAsync(batch, stopping: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(batch, stopping: true, CancellationToken.None); // what was read before the stop is still recorded
        }
    }

    private async Task FlushAsync(List<AccessEntry> batch, bool stopping, CancellationToken cancellationToken)
    {
        while (_queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
            if (batch.Count == MaxBatch)
                await WriteAsync(batch, stopping, cancellationToken);
        }
        if (batch.Count > 0)
            await WriteAsync(batch, stopping, cancellationToken);
    }

    // While running, a batch is kept and tried again for as long as the cluster is away: a read that was answered is
    // never forgotten, and an outage of the cluster must not stop the gateway (an exception here would stop the host).
    // The bounded queue holds the reads answered meanwhile. At shutdown a few attempts, then the loss is logged.
    private async Task WriteAsync(List<AccessEntry> batch, bool stopping, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cluster.GetGrain<IAccessLogGrain>(0).Record(batch.ToList());
                batch.Clear();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (stopping && attempt >= 3)
                {
                    logger.LogError(e, "Access log: {Count} reads could not be recorded before the gateway stopped", batch.Count);
                    batch.Clear();
                    return;
                }
                logger.LogWarning(e, "Access log: {Count} reads not yet recorded (attempt {Attempt}); trying again", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }
}

/// <summary>Records the read of the episode in the route once it was answered with its data.</summary>
public sealed class EpisodeReadFilter(AccessLog log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }
            && http.Request.RouteValues["fixmedins_code"] is string code && http.Request.RouteValues["mdtrt_id"] is string mdtrt)
            await log.RecordAsync(http, http.Request.Method + " episode", code, mdtrt);
        return result;
    }
}
