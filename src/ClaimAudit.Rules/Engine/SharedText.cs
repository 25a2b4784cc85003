using System.Collections.Concurrent;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Engine;

/// <summary>
/// One instance per distinct code-like text (med_list_codg, med_chrgitm_type, departments, doctors, flags …) for
/// every episode and person the process holds: a province's lines repeat a few hundred thousand codes millions of
/// times, and each line arrives with its own copies. Each text has a number for the life of the process, so that a
/// line keeps four bytes for a code rather than a reference, and a rule set looks its rules up by that number rather
/// than by hashing the text. Bounded, so unexpected text cannot grow it without end; past the bound a text is kept as
/// it came, and has no number (<see cref="NotShared"/>).
/// </summary>
public static class SharedText
{
    /// <summary>The number of no text (null).</summary>
    public const int None = 0;

    /// <summary>The number of a text past the bound: whoever keeps it keeps the text itself.</summary>
    public const int NotShared = -1;

    private const int Capacity = 2_000_000;
    private const int ChunkBits = 12; // 4,096 texts a chunk: the table grows without ever copying what it holds
    private const int ChunkSize = 1 << ChunkBits;

    private static readonly ConcurrentDictionary<string, int> Ids = new(StringComparer.Ordinal);
    // Texts by number, in chunks made as they fill; number 0 is no text. A reader finds a number only after its text is
    // in place (the dictionary publishes the number after the text is written).
    private static readonly string?[]?[] Texts = new string?[]?[Capacity / ChunkSize + 1];
    private static readonly Lock Adding = new();
    private static int _next = 1;

    public static string? Of(string? text)
    {
        if (text is null)
            return null;
        var id = IdOf(text);
        return id == NotShared ? text : TextOf(id);
    }

    /// <summary>The text's number (<see cref="None"/> for null, <see cref="NotShared"/> past the bound), numbering it if it is new.</summary>
    public static int IdOf(string? text)
    {
        if (text is null)
            return None;
        if (Ids.TryGetValue(text, out var id))
            return id;
        lock (Adding)
        {
            if (Ids.TryGetValue(text, out id))
                return id;
            if (_next >= Capacity)
                return NotShared;
            id = _next++;
            (Texts[id >> ChunkBits] ??= new string?[ChunkSize])[id & (ChunkSize - 1)] = text;
            Ids[text] = id;
            return id;
        }
    }

    /// <summary>The text with this number (null for <see cref="None"/>); the number must be one <see cref="IdOf"/> gave.</summary>
    public static string? TextOf(int id) => id == None ? null : Texts[id >> ChunkBits]![id & (ChunkSize - 1)];

    // The pool's own instance already (or nothing to share): a copy would change nothing.
    public static bool IsShared(string? text) => text is null || (Ids.TryGetValue(text, out var id) && ReferenceEquals(TextOf(id), text));

    /// <summary>An episode's part of its person's lines with its texts shared; kept as it is when they are.</summary>
    public static PersonLineEpisode Share(PersonLineEpisode episode) => IsShared(episode.FixmedinsCode) && IsShared(episode.MdtrtId) && IsShared(episode.MedType)
        ? episode
        : new PersonLineEpisode(Of(episode.FixmedinsCode)!, Of(episode.MdtrtId)!, Of(episode.MedType)!);
}
