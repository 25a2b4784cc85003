using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Abstractions;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Cluster.Tests;

/// <summary>
/// Every episode of a workload read back — over HTTP from a cluster, or from the grains of an embedded
/// single-process run of the same data — as one comparable line each: status, line count, amount, deduction and the
/// findings (kind, id, amount, status).
/// </summary>
public static class Readback
{
    public sealed record Result(IReadOnlyDictionary<string, string> Episodes, IReadOnlyList<string> Failed);

    /// <summary>One GET per episode (retried only when the connection drops): an answer other than 200 is a failed read.</summary>
    public static async Task<Result> ReadAllAsync(Uri gateway, Workload workload)
    {
        using var http = LocalCredentials.Http(gateway, TimeSpan.FromSeconds(60));
        var views = new ConcurrentDictionary<string, string>();
        var failed = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(workload.Episodes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, cancellationToken) =>
        {
            var path = $"/api/v1/episodes/{item.Episode.FixmedinsCode}/{item.Episode.MdtrtId}";
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync(path, cancellationToken);
                    if (response.IsSuccessStatusCode)
                        views[item.Episode.Key] = Summary((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!);
                    else
                        failed.Add($"{item.Episode.Key}: {(int)response.StatusCode}");
                    return;
                }
                catch (HttpRequestException) when (attempt < 20)
                {
                    await Task.Delay(500, cancellationToken);
                }
            }
        });
        return new Result(views, failed.ToList());
    }

    /// <summary>The same workload through the embedded default in this process, in file order.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EmbeddedAsync(Workload workload)
    {
        await using var embedded = await EmbeddedCluster.StartAsync(null, CancellationToken.None);
        await new BatchAuditor(embedded.Grains, embedded.Rules.Current.Knowledge.Diagnoses).RunAsync(new StringReader(workload.ToNdjson()), CancellationToken.None);
        var views = new Dictionary<string, string>();
        foreach (var (episode, _, _) in workload.Episodes)
            views[episode.Key] = Summary((await embedded.Grains.GetEpisode(episode.FixmedinsCode, episode.MdtrtId).Get())!);
        return views;
    }

    public static string Summary(JsonObject view) => Summary(
        (string)view["status"]!, (int)view["totals"]!["line_count"]!, (decimal)view["totals"]!["amount"]!, (decimal)view["totals"]!["deduction"]!,
        view["findings"]!.AsArray().Select(f => ((string)f!["rule_kind"]!, (string)f["finding_id"]!, (decimal)f["amount"]!, (string)f["status"]!)));

    public static string Summary(EpisodeView view) => Summary(view.Status, view.Totals.LineCount, view.Totals.Amount, view.Totals.Deduction,
        view.Findings.Select(f => (f.RuleKind, f.FindingId, f.Amount, JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Status.ToString()))));

    private static string Summary(string status, int lines, decimal amount, decimal deduction, IEnumerable<(string Kind, string Id, decimal Amount, string Status)> findings) =>
        $"{status}|{lines}|{Money(amount)}|{Money(deduction)}|{string.Join(",", findings.Select(f => $"{f.Kind}:{f.Id}:{Money(f.Amount)}:{f.Status}").Order(StringComparer.Ordinal))}";

    private static string Money(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
