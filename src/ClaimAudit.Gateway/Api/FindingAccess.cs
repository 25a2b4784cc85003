using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using ClaimAudit.Rules.Review;

namespace ClaimAudit.Gateway.Api;

/// <summary>A finding reached by its id within the caller's scope, and the transitions people make on it: what the API and the console both call.</summary>
public static class FindingAccess
{
    /// <summary>The finding's episode when the caller may see its institution; null (answered as not found) otherwise.</summary>
    public static async Task<IEpisodeGrain?> EpisodeOfAsync(string findingId, Caller? caller, IClusterClient cluster, InstitutionScope scope)
    {
        var place = await cluster.GetGrain<IFindingsGrain>(0).Locate(findingId);
        return place is not null && await scope.AllowsAsync(caller, place.FixmedinsCode)
            ? cluster.GetEpisode(place.FixmedinsCode, place.MdtrtId)
            : null;
    }

    /// <summary>A person's decision or appeal, made in their name and role; null when the finding is not in their scope.</summary>
    public static async Task<ReviewOutcome?> ReviewAsync(
        string findingId, Caller caller, IClusterClient cluster, InstitutionScope scope, ReviewAction action, string reason, IReadOnlyList<string> evidence)
    {
        return await EpisodeOfAsync(findingId, caller, cluster, scope) is { } episode
            ? await ReviewAsync(episode, findingId, caller, action, reason, evidence)
            : null;
    }

    /// <summary>The same on the finding's episode already found within the caller's scope.</summary>
    public static async Task<ReviewOutcome?> ReviewAsync(
        IEpisodeGrain episode, string findingId, Caller caller, ReviewAction action, string reason, IReadOnlyList<string> evidence)
    {
        var outcome = await episode.Review(findingId, new ReviewRequest(action, new Actor(caller.Name, caller.Role), reason, evidence));
        return outcome.Detail is null ? null : outcome;
    }
}
