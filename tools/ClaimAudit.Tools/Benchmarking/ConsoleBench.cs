using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>How long one console page takes to render server-side (the whole response read), over repeated requests.</summary>
public sealed record PageTiming(string Page, string What, int Requests, double P50Ms, double P95Ms, double MaxMs, long Bytes);

/// <summary>What <c>bench console</c> measured, and on how much data.</summary>
public sealed record ConsoleReport(int Findings, int EpisodeLines, IReadOnlyList<PageTiming> Pages);

/// <summary>
/// The console on a real region's size: a silo and a gateway process (in memory), one institution holding
/// <c>episodes</c> stays of <c>lines</c> lines each of a drug limited to women billed to a man, so every line is a
/// finding; then the review queue's first page (the 100 oldest of all those findings, with the counts per status),
/// one long stay's drill-down and one finding's detail with that stay's timeline, each requested in turn.
/// </summary>
public static class ConsoleBench
{
    public const string Institution = "HCONSOLE0001";
    private const string FemaleOnlyDrug = "ZD03AAA0043010100166"; // 艾附暖宫丸: limited to women (limit.sex)

    public static async Task<ConsoleReport> RunAsync(int episodes, int lines, int requests, TextWriter log, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(null, cancellationToken);
        using var http = LocalCredentials.Http(cluster.Gateway, TimeSpan.FromMinutes(5));
        (await http.PutAsJsonAsync($"/api/v1/institutions/{Institution}", new { fixmedins_name = "性能测试医院", hosp_lv = "02", admdvs = "330100" }, cancellationToken)).EnsureSuccessStatusCode();
        var started = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, episodes), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (e, ct) => await SendStayAsync(http, $"CONSOLE{e:D5}", lines, ct));
        log.WriteLine($"{episodes} stays of {lines} lines sent in {started.Elapsed.TotalSeconds:0.0} s");
        var counts = (await http.GetFromJsonAsync<JsonObject>("/api/v1/findings/counts", cancellationToken))!;
        var findings = counts.Sum(c => (int)c.Value!);
        var first = (await http.GetFromJsonAsync<JsonObject>("/api/v1/findings?page_size=1", cancellationToken))!["items"]![0]!["finding"]!;
        var stay = (string)first["mdtrt_id"]!;

        var pages = new List<PageTiming>
        {
            await TimeAsync(http, "review queue, first page", $"/console/reviews?status=open", $"100 oldest of {findings:N0} findings, counts per status", requests, cancellationToken),
            await TimeAsync(http, "episode drill-down", $"/console/episodes/{Institution}/{stay}", $"a stay of {lines:N0} lines and {lines:N0} findings", requests, cancellationToken),
            await TimeAsync(http, "finding detail", $"/console/findings/{(string)first["finding_id"]!}", $"one finding, the stay's {lines:N0}-line timeline", requests, cancellationToken),
        };
        return new ConsoleReport(findings, lines, pages);
    }

    private static async Task SendStayAsync(HttpClient http, string mdtrt, int lines, CancellationToken cancellationToken)
    {
        var begin = new DateTime(2026, 1, 1, 8, 0, 0);
        var admission = new
        {
            fixmedins_code = Institution, mdtrt_id = mdtrt, psn_no = "P" + mdtrt, gend = "1", brdy = "1970-01-01", insutype = "310", med_type = "21",
            begntime = NationalTime.Format(begin), diseinfo = new[] { new { diag_type = "1", maindiag_flag = "1", diag_code = "J18.900" } },
        };
        (await http.PostAsJsonAsync("/api/v1/episodes", admission, cancellationToken)).EnsureSuccessStatusCode();
        const int batch = 1_000;
        for (var from = 0; from < lines; from += batch)
        {
            var feedetail = Enumerable.Range(from, Math.Min(batch, lines - from)).Select(i => new
            {
                feedetl_sn = $"{mdtrt}-{i:D5}",
                fee_ocur_time = NationalTime.Format(begin.AddMinutes(17 * (i + 1))),
                med_list_codg = FemaleOnlyDrug,
                med_chrgitm_type = "11",
                cnt = 1,
                pric = 25,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{Institution}/{mdtrt}/fee-lines") { Content = JsonContent.Create(new { feedetail }) };
            request.Headers.Add("X-ClaimAudit-Lane", "bulk");
            (await http.SendAsync(request, cancellationToken)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<PageTiming> TimeAsync(HttpClient http, string page, string path, string what, int requests, CancellationToken cancellationToken)
    {
        long bytes = 0;
        for (var warm = 0; warm < 3; warm++)
            bytes = (await GetAsync(http, path, cancellationToken)).Length;
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var clock = Stopwatch.StartNew();
            await GetAsync(http, path, cancellationToken);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new PageTiming(page, what, requests, times[times.Count / 2], times[(int)Math.Min(times.Count - 1, Math.Ceiling(times.Count * 0.95) - 1)], times[^1], bytes);
    }

    private static async Task<byte[]> GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }
}
