using ClaimAudit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClaimAudit.Grains.Storage;

/// <summary>Tells a storage that did not answer from other failures; the storage's own project knows its driver's exceptions.</summary>
public interface IStorageFailureClassifier
{
    bool IsUnavailable(Exception exception);

    /// <summary>
    /// Whether <paramref name="stored"/> is the version that one write made from <paramref name="etag"/> leaves: after a
    /// write whose answer was lost, it tells a write that landed from one made by someone else.
    /// </summary>
    bool IsVersionAfter(string? etag, string? stored);
}

/// <summary>In memory (the embedded default) the storage always answers.</summary>
internal sealed class NoStorageFailures : IStorageFailureClassifier
{
    public bool IsUnavailable(Exception exception) => false;

    public bool IsVersionAfter(string? etag, string? stored) => false;
}

/// <summary>
/// A grain call that failed because the storage did not answer ends in <see cref="StorageUnavailableException"/>, which
/// the caller can decode whatever storage the silo runs on (the gateway's 503), instead of the driver's own exception.
/// </summary>
internal sealed class StorageFailureCallFilter(IStorageFailureClassifier classifier) : IIncomingGrainCallFilter
{
    // On every grain call: a call that completed (nearly all of them, with or without the database) costs no state machine.
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var call = context.Invoke();
        return call.IsCompletedSuccessfully ? call : Translated(call);
    }

    private async Task Translated(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception e) when (e is not StateUnreadableException and not StorageUnavailableException && classifier.IsUnavailable(e))
        {
            throw new StorageUnavailableException();
        }
    }
}

public static class StorageFailureHosting
{
    public static ISiloBuilder TranslateStorageFailures(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton<IStorageFailureClassifier, NoStorageFailures>();
        return silo.AddIncomingGrainCallFilter<StorageFailureCallFilter>();
    }
}
