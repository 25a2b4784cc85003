using ClaimAudit.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Grains.Hosting;

/// <summary>
/// Applies a cluster-wide rules reload on this silo: polls the rules grain's generation and reloads locally when
/// it has moved on, so every silo runs the same rule sets within one poll interval.
/// </summary>
public sealed class RulesWatcher(IGrainFactory grains, IRuleSetProvider rules, IOptions<ClaimAuditOptions> options, ILogger<RulesWatcher> logger)
    : BackgroundService
{
    private int? _applied;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RulesPollSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // The files this silo loaded at start are current as of the first generation it reads.
                var generation = (await grains.GetGrain<IRulesGrain>(IRulesGrain.Key).Status()).Generation;
                if (_applied is { } applied && generation > applied)
                    rules.Reload();
                _applied = generation;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the cluster's rule-set generation");
            }
        }
    }
}
