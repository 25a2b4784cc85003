using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Cluster.Tests;

/// <summary>
/// A hospital-side sender: institutions, admissions, fee-line batches and discharges over HTTP, each request
/// retried until it is acknowledged (a batch not acknowledged may or may not have been committed; re-sending it is
/// safe because feedetl_sn is the idempotency key). Counts what it sent and how often it had to retry.
/// </summary>
public sealed class IngestClient(IReadOnlyList<Uri> gateways, int batchSize = 50)
{
    private readonly HttpClient[] _http = gateways.Select(g => new HttpClient { BaseAddress = g, Timeout = TimeSpan.FromSeconds(60) }).ToArray();
    private int _next;
    private int _retries;
    private long _acknowledgedLines;

    public int Retries => _retries;

    public long AcknowledgedLines => Interlocked.Read(ref _acknowledgedLines);

    public async Task RegisterInstitutionsAsync(Workload workload)
    {
        foreach (var (code, level) in workload.Episodes.Select(e => (e.Episode.FixmedinsCode, e.MedinsLv)).Distinct())
            await SendAsync(HttpMethod.Put, $"/api/v1/institutions/{code}", new JsonObject { ["name"] = code, ["hosp_lv"] = level });
    }

    public async Task IngestAsync((Episode Episode, string MedinsLv, IReadOnlyList<FeeLine> Lines) item, CancellationToken cancellationToken = default)
    {
        var episode = item.Episode;
        await SendAsync(HttpMethod.Post, "/api/v1/episodes", Workload.Admission(episode), cancellationToken);
        foreach (var batch in item.Lines.Chunk(batchSize))
        {
            var body = new JsonObject { ["feedetail"] = JsonSerializer.SerializeToNode(batch, NationalJson.Options) };
            var answer = await SendAsync(HttpMethod.Post, $"/api/v1/episodes/{episode.FixmedinsCode}/{episode.MdtrtId}/fee-lines", body, cancellationToken);
            Interlocked.Add(ref _acknowledgedLines, (int)answer["accepted"]! + (int)answer["duplicates"]!);
        }
        if (episode.Endtime is not { } endtime)
            return;
        await SendAsync(HttpMethod.Post, $"/api/v1/episodes/{episode.FixmedinsCode}/{episode.MdtrtId}/discharge", new JsonObject
        {
            ["endtime"] = NationalTime.Format(endtime),
            ["diseinfo"] = JsonSerializer.SerializeToNode(episode.Diseinfo, NationalJson.Options),
            ["dscg_way"] = episode.DscgWay ?? "1",
        }, cancellationToken);
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await Next().GetFromJsonAsync<JsonObject>(path))!;
            }
            catch (Exception e) when (attempt < 60 && e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(500);
            }
        }
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken = default)
    {
        var text = body.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent(text, System.Text.Encoding.UTF8, "application/json") };
                using var response = await Next().SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                    return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
                if (response.StatusCode < HttpStatusCode.InternalServerError)
                    throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            if (attempt >= 120)
                throw new TimeoutException($"{method} {path} not acknowledged after {attempt} attempts");
            Interlocked.Increment(ref _retries);
            await Task.Delay(250, cancellationToken);
        }
    }

    private HttpClient Next() => _http[(int)((uint)Interlocked.Increment(ref _next) % _http.Length)];
}
