using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace ClaimAudit.Grains.Storage;

/// <summary>
/// Wraps a grain storage provider so that a state that cannot be read can neither hide nor spread:
/// it is logged once (grain type and id), counted in <c>claimaudit_state_read_failures_total{grain_type}</c>, every
/// call to the grain answers <see cref="StateUnreadableException"/> (the gateway's 503), and nothing overwrites the
/// stored row until a later activation reads it. A storage that fails outright (database unreachable) fails the
/// activation with the same exception, marked transient, so callers can decode it and retry.
/// A write whose answer was lost (the database went away mid-commit) may have landed: the activation still holds the
/// version it wrote from, so its next write is refused as a conflict. That write adopts the stored version when it is
/// the one the lost write leaves, and goes through; any other version is a real conflict and stays one.
/// </summary>
public sealed class CheckedGrainStorage(IGrainStorage inner, UnreadableStates unreadable, IStorageFailureClassifier failures)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    // Per state object (one per activation): the version a write was made from when its answer was lost.
    private readonly ConditionalWeakTable<object, LostWrite> _lostWrites = new();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var scope = StateReadScope.Begin();
        try
        {
            await inner.ReadStateAsync(stateName, grainId, grainState);
        }
        catch (Exception e) when (e is not StateUnreadableException)
        {
            ClaimAuditTelemetry.CountStateReadFailure(grainId.Type.ToString()!, "storage");
            throw new StateUnreadableException(grainId.Type.ToString()!, grainId.Key.ToString()!, transient: true);
        }
        if (scope.Failure is { } failure)
            unreadable.Add(grainId, failure);
        else
            unreadable.Remove(grainId);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        unreadable.ThrowIfUnreadable(grainId);
        var write = inner.WriteStateAsync(stateName, grainId, grainState);
        return write.IsCompletedSuccessfully && !_lostWrites.TryGetValue(grainState, out _) ? write : Watched(write, stateName, grainId, grainState);
    }

    private async Task Watched<T>(Task write, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            try
            {
                await write;
            }
            catch (InconsistentStateException) when (_lostWrites.TryGetValue(grainState, out var lost) && lost.Etag == grainState.ETag)
            {
                var stored = new GrainState<T>();
                StateReadScope.Begin(); // only the version is wanted: a payload that cannot be decoded marks nothing here
                await inner.ReadStateAsync(stateName, grainId, stored);
                if (!failures.IsVersionAfter(lost.Etag, stored.ETag))
                    throw;
                (grainState.ETag, grainState.RecordExists) = (stored.ETag, true);
                await inner.WriteStateAsync(stateName, grainId, grainState);
            }
        }
        catch (Exception e) when (failures.IsUnavailable(e))
        {
            _lostWrites.AddOrUpdate(grainState, new LostWrite(grainState.ETag));
            throw;
        }
        if (_lostWrites.TryGetValue(grainState, out _)) // a lock-free look first: nearly every write had nothing lost
            _lostWrites.Remove(grainState);
    }

    private sealed record LostWrite(string? Etag);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        unreadable.ThrowIfUnreadable(grainId);
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}

/// <summary>The grains of this silo whose stored state could not be read at their last activation.</summary>
public sealed class UnreadableStates(ILogger<UnreadableStates> logger)
{
    private readonly ConcurrentDictionary<GrainId, string> _grains = new();

    public void Add(GrainId grainId, string reason)
    {
        var grainType = grainId.Type.ToString()!;
        ClaimAuditTelemetry.CountStateReadFailure(grainType, "format");
        // Logged when the grain becomes unreadable, not on every read that finds it still so.
        if (_grains.TryAdd(grainId, reason))
            logger.LogError("Stored state of {GrainType} {GrainKey} cannot be read ({Reason}). Every call to it answers 503 and its row is " +
                            "left as it is until it reads again; claimaudit_state_read_failures_total counts each attempt",
                grainType, LoggableKey(grainId), reason);
    }

    public void Remove(GrainId grainId)
    {
        if (!_grains.IsEmpty)
            _grains.TryRemove(grainId, out _);
    }

    public void ThrowIfUnreadable(GrainId grainId)
    {
        if (!_grains.IsEmpty && _grains.ContainsKey(grainId))
            throw new StateUnreadableException(grainId.Type.ToString()!, grainId.Key.ToString()!, transient: false);
    }

    /// <summary>Episode and institution keys are claim ids; a person's key is the insured's number, so only its hash is logged.</summary>
    private static string LoggableKey(GrainId grainId) => grainId.Type.ToString() == "person"
        ? $"sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId.Key.ToString()!)))[..16]}"
        : grainId.Key.ToString()!;
}

/// <summary>Answers every call to a grain whose state could not be read with <see cref="StateUnreadableException"/>.</summary>
internal sealed class UnreadableStateCallFilter(UnreadableStates unreadable) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        unreadable.ThrowIfUnreadable(context.TargetId);
        return context.Invoke();
    }
}

public static class CheckedGrainStorageHosting
{
    /// <summary>
    /// Stores the named provider's state with <see cref="GrainStateSerializer"/> and puts <see cref="CheckedGrainStorage"/>
    /// in front of it. Call after the provider is added.
    /// </summary>
    public static ISiloBuilder UseCheckedGrainStorage(this ISiloBuilder silo, string name)
    {
        var services = silo.Services;
        var provider = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"no grain storage named '{name}' is registered");
        var create = provider.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"grain storage '{name}' is not registered by a factory");
        services.Remove(provider);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new CheckedGrainStorage((IGrainStorage)create(sp, key), sp.GetRequiredService<UnreadableStates>(), sp.GetRequiredService<IStorageFailureClassifier>()));
        services.AddSingleton<UnreadableStates>();
        services.AddSingleton<GrainStateSerializer>();
        // The providers take their serializer from this service when their options name none (AdoNet, memory).
        services.AddSingleton<IGrainStorageSerializer>(sp => sp.GetRequiredService<GrainStateSerializer>());
        silo.AddIncomingGrainCallFilter<UnreadableStateCallFilter>();
        return silo.TranslateStorageFailures();
    }
}
