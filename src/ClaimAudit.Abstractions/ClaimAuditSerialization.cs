using ClaimAudit.Rules.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace ClaimAudit.Abstractions;

/// <summary>
/// The engine's contracts (Episode, FeeLine, Finding …) stay free of Orleans attributes. Those that cross in bulk
/// (<see cref="FeeLine"/>, <see cref="PersonLine"/>, <see cref="Finding"/>) go through Orleans' generated serializers by
/// surrogates (EngineSurrogates.cs); the others through Orleans' System.Text.Json codec in the national JSON shape.
/// They are immutable records, so calls inside a silo pass them by reference instead of deep-copying them. Silos
/// and clients must both register this.
/// </summary>
public static class ClaimAuditSerialization
{
    public static IServiceCollection AddClaimAuditSerialization(this IServiceCollection services)
    {
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSerializable: type => IsEngineContract(type) && !HasSurrogate(type),
            isCopyable: null,
            configureOptions: options => options.Configure(o => o.SerializerOptions = NationalJson.Options)));
        services.AddSingleton<IGeneralizedCopier, ImmutableContractCopier>();
        // Any exception a grain lets escape reaches the caller as itself (or as Orleans' fallback when the caller
        // lacks its type), never as a CodecNotFoundException that hides what went wrong.
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedExceptionTypeFilter = type => typeof(Exception).IsAssignableFrom(type));
        return services;
    }

    private static bool HasSurrogate(Type type) => type == typeof(FeeLine) || type == typeof(PersonLine) || type == typeof(Finding);

    public static bool IsEngineContract(Type type) => type.Assembly == typeof(Episode).Assembly && !type.IsAbstract && !type.IsInterface;

    private sealed class ImmutableContractCopier : IGeneralizedCopier
    {
        public object? DeepCopy(object? input, CopyContext context) => input;

        public bool IsSupportedType(Type type) => IsEngineContract(type);
    }
}
