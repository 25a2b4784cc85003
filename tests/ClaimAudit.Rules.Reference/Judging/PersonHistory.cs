using System.Text.Json.Serialization;
using ClaimAudit.Reference.Contracts;

namespace ClaimAudit.Reference.Judging;

/// <summary>A person's history as the cross-episode rules read it.</summary>
public sealed record PersonHistory(string PsnNo, IReadOnlyList<PersonEpisode> Episodes)
{
    private readonly Dictionary<string, PersonEpisode> _byKey = Episodes.ToDictionary(e => e.Key, StringComparer.Ordinal);

    public PersonEpisode? Find(string episodeKey) => _byKey.GetValueOrDefault(episodeKey);
}
