using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>
/// A hospital's HIS as the benchmark plays it, over the gateway's HTTP API: institutions, admissions (2401), fee
/// lines in batches (2301, answered with their findings: 事中), discharges (2402), episode and institution queries.
/// A 5xx, a dropped connection or a request timeout is retried up to <paramref name="attempts"/> times (feedetl_sn
/// makes re-sending safe: a batch not acknowledged may or may not have been committed). A bulk client marks every
/// request for the gateway's bulk lane. The benchmark and the cluster tests both send through it.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly int _attempts;
    private int _retries;

    public GatewayClient(Uri gateway, string apiKey, bool bulk = false, int attempts = 20)
    {
        _attempts = attempts;
        _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(120),
        };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        if (bulk)
            _http.DefaultRequestHeaders.Add(Gateway.Lanes.Header, Gateway.Lanes.Bulk);
    }

    private long _linesTaken;

    /// <summary>Requests sent again after a 5xx, a dropped connection or a timeout.</summary>
    public int Retries => _retries;

    /// <summary>Fee lines the cluster has taken from this client so far (accepted or recognised as re-sent).</summary>
    public long LinesTaken => Interlocked.Read(ref _linesTaken);

    public Task RegisterAsync(string fixmedinsCode, string hospLv, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/api/v1/institutions/{fixmedinsCode}", new JsonObject { ["name"] = fixmedinsCode, ["hosp_lv"] = hospLv }, cancellationToken);

    public Task AdmitAsync(Episode episode, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/api/v1/episodes", JsonSerializer.SerializeToNode(episode with { Endtime = null, DscgWay = null }, NationalJson.Options)!.AsObject(), cancellationToken);

    /// <summary>One fee-line batch; answers how many lines the cluster took (accepted + duplicates).</summary>
    public async Task<int> SendLinesAsync(Episode episode, IReadOnlyList<FeeLine> batch, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, $"/api/v1/episodes/{episode.FixmedinsCode}/{episode.MdtrtId}/fee-lines",
            new JsonObject { ["feedetail"] = JsonSerializer.SerializeToNode(batch, NationalJson.Options) }, cancellationToken);
        var taken = (int)answer["accepted"]! + (int)answer["duplicates"]!;
        Interlocked.Add(ref _linesTaken, taken);
        return taken;
    }

    public Task DischargeAsync(Episode episode, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["endtime"] = NationalTime.Format(episode.Endtime!.Value),
            ["diseinfo"] = JsonSerializer.SerializeToNode(episode.Diseinfo, NationalJson.Options),
        };
        if (episode.DscgWay is { } way)
            body["dscg_way"] = way;
        return SendAsync(HttpMethod.Post, $"/api/v1/episodes/{episode.FixmedinsCode}/{episode.MdtrtId}/discharge", body, cancellationToken);
    }

    /// <summary>An episode's status (GET), or null when the cluster does not know it.</summary>
    public Task<JsonObject?> EpisodeAsync(string fixmedinsCode, string mdtrtId, CancellationToken cancellationToken) =>
        GetAsync($"/api/v1/episodes/{fixmedinsCode}/{mdtrtId}", cancellationToken);

    /// <summary>An institution's scorecard (GET), or null when the cluster does not know it.</summary>
    public Task<JsonObject?> InstitutionAsync(string fixmedinsCode, CancellationToken cancellationToken) =>
        GetAsync($"/api/v1/institutions/{fixmedinsCode}", cancellationToken);

    /// <summary>The findings of a view (episode or institution) as the engine's records.</summary>
    public static IEnumerable<Finding> Findings(JsonObject? view) =>
        view?["findings"] is JsonArray findings ? findings.Select(f => f.Deserialize<Finding>(NationalJson.Options)!) : [];

    /// <summary>Feeds whole episode documents (admission, batches, discharge when it has one), <paramref name="concurrency"/> episodes at once.</summary>
    public async Task FeedAsync(IReadOnlyList<EpisodeDocument> documents, int batchSize, int concurrency, CancellationToken cancellationToken)
    {
        foreach (var (code, level) in documents.Where(d => d.MedinsLv is not null).Select(d => (d.Episode.FixmedinsCode, d.MedinsLv!)).Distinct())
            await RegisterAsync(code, level, cancellationToken);
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            (d, ct) => new ValueTask(IngestAsync(d, batchSize, ct)));
    }

    /// <summary>One episode document: admission, its lines in batches, and its discharge when it has one.</summary>
    public async Task IngestAsync(EpisodeDocument document, int batchSize, CancellationToken cancellationToken)
    {
        await AdmitAsync(document.Episode, cancellationToken);
        foreach (var batch in document.Feedetail.Chunk(batchSize))
            await SendLinesAsync(document.Episode, batch, cancellationToken);
        if (document.Episode.Endtime is not null)
            await DischargeAsync(document.Episode, cancellationToken);
    }

    /// <summary>Any resource of the API (GET), or null when it is not known (404).</summary>
    public Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken = default) => RequestAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>
    /// The documents as another province's: every <c>psn_no</c> and <c>mdtrt_id</c> prefixed, so a copy's episodes
    /// and persons are new to the cluster and meet nothing of the original's; <paramref name="open"/> drops the discharge.
    /// </summary>
    public static List<EpisodeDocument> Copy(IEnumerable<EpisodeDocument> documents, string prefix, bool open = false) =>
        documents.Select(d => d with
        {
            Episode = d.Episode with
            {
                PsnNo = prefix + d.Episode.PsnNo,
                MdtrtId = prefix + d.Episode.MdtrtId,
                Endtime = open ? null : d.Episode.Endtime,
                DscgWay = open ? null : d.Episode.DscgWay,
            },
        }).ToList();

    /// <summary>Every finding the cluster holds for these documents: their episodes' and their institutions' flags.</summary>
    public async Task<List<Finding>> CollectFindingsAsync(IReadOnlyList<EpisodeDocument> documents, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var code in documents.Select(d => d.Episode.FixmedinsCode).Distinct())
            findings.AddRange(Findings(await InstitutionAsync(code, cancellationToken)));
        var views = new JsonObject?[documents.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, documents.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            views[i] = await EpisodeAsync(documents[i].Episode.FixmedinsCode, documents[i].Episode.MdtrtId, ct));
        findings.AddRange(views.SelectMany(Findings));
        return findings;
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken) =>
        (await RequestAsync(method, path, body, cancellationToken))!;

    /// <summary>One request, retried on a 5xx or a dropped connection; a GET of something unknown (404) answers null, any other 4xx throws.</summary>
    private async Task<JsonObject?> RequestAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var text = body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(method, path);
                if (text is not null)
                    request.Content = new StringContent(text, System.Text.Encoding.UTF8, "application/json");
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound && method == HttpMethod.Get)
                    return null;
                if (response.IsSuccessStatusCode)
                    return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                if (response.StatusCode < HttpStatusCode.InternalServerError || attempt >= _attempts)
                    throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            catch (Exception e) when (attempt < _attempts && (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))) { }
            Interlocked.Increment(ref _retries);
            await Task.Delay(250, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
