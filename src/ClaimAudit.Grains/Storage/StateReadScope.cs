namespace ClaimAudit.Grains.Storage;

/// <summary>
/// Carries a decoding failure from <see cref="GrainStateSerializer"/> back to the <see cref="CheckedGrainStorage"/>
/// read that invoked it, through the storage provider in between (which would otherwise log the exception with its
/// message and fail the activation, again on every call).
/// </summary>
internal sealed class StateReadScope
{
    private static readonly AsyncLocal<StateReadScope?> Current = new();

    public string? Failure { get; private set; }

    /// <summary>Starts a read; the scope ends with the async method that began it.</summary>
    public static StateReadScope Begin() => Current.Value = new StateReadScope();

    public static void Report(string stateType, string reason)
    {
        if (Current.Value is not { } scope)
            throw new FormatException($"stored {stateType} cannot be decoded: {reason}");
        scope.Failure = $"{stateType}: {reason}";
    }
}
