namespace ClaimAudit.Abstractions;

/// <summary>
/// A grain's stored state cannot be read: its row does not decode (<see cref="Transient"/> false: it stays so until
/// the row is repaired) or the storage did not answer (true: retry later). The gateway answers 503 naming the resource.
/// </summary>
[GenerateSerializer, Alias("ClaimAudit.StateUnreadableException")]
public sealed class StateUnreadableException(string grainType, string grainKey, bool transient)
    : Exception($"the stored {grainType} state cannot be read{(transient ? " (storage unavailable)" : "")}")
{
    [Id(0)]
    public string GrainType { get; } = grainType;

    [Id(1)]
    public string GrainKey { get; } = grainKey;

    [Id(2)]
    public bool Transient { get; } = transient;
}
