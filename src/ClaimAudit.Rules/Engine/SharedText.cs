using System.Collections.Concurrent;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Engine;

/// <summary>
/// One instance per distinct code-like text (med_list_codg, med_chrgitm_type, departments, doctors, flags …) for
/// every episode and person the process holds: a province's lines repeat a few hundred thousand codes millions of
/// times, and each line arrives with its own copies. Bounded, so unexpected text cannot grow it without end; past
/// the bound a text is kept as it came.
/// </summary>
public static class SharedText
{
    private const int Capacity = 2_000_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static int _count;

    public static string? Of(string? text)
    {
        if (text is null)
            return null;
        if (Pool.TryGetValue(text, out var shared))
            return shared;
        if (Volatile.Read(ref _count) >= Capacity)
            return text;
        shared = Pool.GetOrAdd(text, text);
        if (ReferenceEquals(shared, text))
            Interlocked.Increment(ref _count);
        return shared;
    }

    // The pool's own instance already (or nothing to share): a copy would change nothing.
    public static bool IsShared(string? text) => text is null || (Pool.TryGetValue(text, out var shared) && ReferenceEquals(shared, text));

    /// <summary>An episode's part of its person's lines with its texts shared; kept as it is when they are.</summary>
    public static PersonLineEpisode Share(PersonLineEpisode episode) => IsShared(episode.FixmedinsCode) && IsShared(episode.MdtrtId) && IsShared(episode.MedType)
        ? episode
        : new PersonLineEpisode(Of(episode.FixmedinsCode)!, Of(episode.MdtrtId)!, Of(episode.MedType)!);
}
