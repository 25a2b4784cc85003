using ClaimAudit.Abstractions;

namespace ClaimAudit.Grains.Prechecks;

/// <summary>
/// The warnings an institution was shown by 3101/3102, so that 3103 can tell a warning it issued from an unknown id.
/// Memory only, by design: a what-if check stores nothing of a patient. Kept a day and at most
/// <see cref="Capacity"/> (oldest dropped first); a silo failure forgets them, and feedback on a warning forgotten that
/// way is refused as unknown, as it would be after a day.
/// </summary>
[GrainType("issued-warnings")]
public sealed class IssuedWarningsGrain(TimeProvider clock) : Grain, IIssuedWarningsGrain
{
    public const int Capacity = 200_000;
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private readonly Dictionary<string, IssuedWarning> _warnings = new(StringComparer.Ordinal);
    private readonly Queue<(string FindingId, DateTimeOffset IssuedAt)> _order = new();

    public Task Remember(IReadOnlyList<IssuedWarning> warnings)
    {
        foreach (var warning in warnings)
        {
            _warnings[warning.FindingId] = warning;
            _order.Enqueue((warning.FindingId, warning.IssuedAt));
        }
        Expire();
        DelayDeactivation(KeptFor); // idle collection would forget them long before the day is out
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IssuedWarning?>> Find(IReadOnlyList<string> findingIds)
    {
        Expire();
        return Task.FromResult<IReadOnlyList<IssuedWarning?>>(findingIds.Select(id => _warnings.GetValueOrDefault(id)).ToList());
    }

    private void Expire()
    {
        var oldest = clock.GetUtcNow() - KeptFor;
        while (_order.TryPeek(out var next) && (next.IssuedAt < oldest || _order.Count > Capacity))
        {
            _order.Dequeue();
            // Issued again since: the newer issue keeps it.
            if (_warnings.TryGetValue(next.FindingId, out var kept) && kept.IssuedAt == next.IssuedAt)
                _warnings.Remove(next.FindingId);
        }
    }
}
