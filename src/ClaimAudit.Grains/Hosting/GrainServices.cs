using ClaimAudit.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaimAudit.Grains.Hosting;

public static class GrainServices
{
    /// <summary>What ClaimAudit's grains need in a silo besides storage: options, the rule set and the serializer.</summary>
    public static IServiceCollection AddClaimAuditGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClaimAuditOptions>().Bind(configuration.GetSection(ClaimAuditOptions.Section));
        services.AddSingleton<IRuleSetProvider, RuleSetProvider>();
        services.AddSingleton<BulkWork>();
        services.AddHostedService<RulesWatcher>();
        services.AddClaimAuditSerialization();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
