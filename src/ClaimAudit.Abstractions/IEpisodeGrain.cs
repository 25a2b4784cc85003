using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;
using Orleans.Concurrency;

namespace ClaimAudit.Abstractions;

/// <summary>One patient episode, keyed <c>{fixmedins_code}/{mdtrt_id}</c>: its lines, per-item state and findings.</summary>
[Alias("ClaimAudit.IEpisodeGrain")]
public interface IEpisodeGrain : IGrainWithStringKey
{
    /// <summary>2401: admits (or corrects the admission of) the episode; answers its findings so far.</summary>
    [Alias("Admit")]
    Task<EpisodeView> Admit(Episode episode);

    /// <summary>
    /// 2301: adds validated fee lines, each with its index in the batch sent. Re-sent lines (same feedetl_sn, same
    /// content) are counted once; a refused line is answered by its index.
    /// </summary>
    [Alias("AddSentLines")]
    Task<FeeBatchResult> AddFeeLines(IReadOnlyList<SentLine> lines);

    /// <summary>2402: discharges the episode; the answer is its final findings.</summary>
    [Alias("Discharge")]
    Task<EpisodeView> Discharge(DischargeInfo discharge);

    /// <summary>The episode as it stands, or null when it was never admitted.</summary>
    [Alias("Get")]
    Task<EpisodeView?> Get();

    /// <summary>One of the episode's findings (current or withdrawn) with its history, or null when it has no such finding.</summary>
    [Alias("GetFinding")]
    Task<FindingDetail?> GetFinding(string findingId);

    /// <summary>A reviewer's decision or a hospital's appeal on one of the episode's findings, durable before it answers.</summary>
    [Alias("Review")]
    Task<ReviewOutcome> Review(string findingId, ReviewRequest request);

    /// <summary>The episode, its institution and every line received (refunds included), or null when it was never admitted; changes nothing.</summary>
    [Alias("Snapshot")]
    Task<EpisodeSnapshot?> Snapshot();

    /// <summary>
    /// 3103: records what the doctor did about warnings on this episode, in each finding's history (durable before it
    /// answers); false when the episode was never admitted.
    /// </summary>
    [Alias("RecordFeedback")]
    Task<bool> RecordFeedback(IReadOnlyList<WarningFeedback> feedback);

    /// <summary>
    /// Its person's findings on this episode changed through another episode's data (a late earlier stay): the next
    /// read asks the person. Interleaved, so a person may call it while the episode waits on that person.
    /// </summary>
    [Alias("CrossEpisodeChanged"), AlwaysInterleave]
    Task CrossEpisodeChanged();
}

public static class EpisodeGrainExtensions
{
    /// <summary>A whole batch of valid lines, indexed as given.</summary>
    public static Task<FeeBatchResult> AddFeeLines(this IEpisodeGrain episode, IReadOnlyList<FeeLine> lines) =>
        episode.AddFeeLines(lines.Select((line, index) => new SentLine(index, line)).ToList());

    public static IEpisodeGrain GetEpisode(this IGrainFactory grains, string fixmedinsCode, string mdtrtId) =>
        grains.GetGrain<IEpisodeGrain>(EpisodeKey.Of(fixmedinsCode, mdtrtId));

    /// <summary>
    /// An episode document as a HIS sends it: admitted without its discharge, its lines in batches (each line indexed as
    /// in its record), then discharged when it has an end time. Each batch's answer goes to <paramref name="onBatch"/>.
    /// </summary>
    public static async Task SubmitAsync(this IGrainFactory grains, EpisodeDocument document, int batchSize, Action<FeeBatchResult> onBatch)
    {
        var episode = document.Episode;
        var grain = grains.GetEpisode(episode.FixmedinsCode, episode.MdtrtId);
        await grain.Admit(episode with { Endtime = null, DscgWay = null });
        foreach (var batch in document.Feedetail.Select((line, i) => new SentLine(document.IndexInRecord(i), line)).Chunk(Math.Max(1, batchSize)))
            onBatch(await grain.AddFeeLines(batch));
        if (episode.Endtime is { } endtime)
            await grain.Discharge(new DischargeInfo(endtime, episode.Diseinfo, episode.DscgWay));
    }
}

/// <summary>Thrown when fee lines or a discharge arrive for an episode that was never admitted.</summary>
[GenerateSerializer, Alias("ClaimAudit.EpisodeNotAdmittedException")]
public sealed class EpisodeNotAdmittedException(string episodeKey) : Exception($"episode {episodeKey} has not been admitted")
{
    [Id(0)]
    public string EpisodeKey { get; } = episodeKey;
}
