using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Tools.Benchmarking;

/// <summary>3101 at the HTTP edge: the offered rate, the requests' shape, their latency, and how many were answered (infcode 0) or failed open.</summary>
public sealed record PrecheckReport(double Rate, double Seconds, int Requests, double MeanOrders, double MeanHistoryEncounters, LatencyStats Latency, int Answered, int FailedOpen, int Findings);

/// <summary>
/// 3101 order-entry checks sent open loop at a stated rate to a cluster that already holds the province: each a
/// patient's latest stay with at most 50 of its lines as orders (the last one current) and the patient's other
/// episodes as history encounters (at most 20 orders each), so the check merges sent and stored data.
/// </summary>
public sealed class PrecheckBench(Uri gateway, IReadOnlyList<EpisodeDocument> documents, TimeSpan phase, double rate)
{
    public async Task<PrecheckReport> RunAsync(CancellationToken cancellationToken)
    {
        var requests = Requests();
        if (requests.Count == 0)
            return new PrecheckReport(rate, phase.TotalSeconds, 0, 0, 0, LatencyStats.Of([]), 0, 0, 0);
        using var http = LocalCredentials.Http(gateway, TimeSpan.FromSeconds(30));
        int answered = 0, failedOpen = 0, findings = 0;
        var latencies = await OpenLoop.RunAsync(rate, phase, async i =>
        {
            using var response = await http.PostAsync("/api/v1/national/3101", new StringContent(requests[i % requests.Count].Body, Encoding.UTF8, "application/json"), cancellationToken);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            if ((int?)answer["infcode"] == 0)
            {
                Interlocked.Increment(ref answered);
                Interlocked.Add(ref findings, answer["output"]!["result"]!.AsArray().Count);
            }
            else
                Interlocked.Increment(ref failedOpen);
        }, cancellationToken);
        return new PrecheckReport(rate, phase.TotalSeconds, latencies.Length, requests.Average(r => r.Orders), requests.Average(r => r.History),
            LatencyStats.Of(latencies), answered, failedOpen, findings);
    }

    private List<(string Body, int Orders, int History)> Requests() => documents
        .GroupBy(d => d.Episode.PsnNo)
        .Select(person => (Person: person.ToList(), Current: person.Where(d => d.Episode.Setting == Setting.Inpatient).MaxBy(d => d.Episode.Begntime)))
        .Where(p => p.Current is not null)
        .Select(p =>
        {
            var current = p.Current!;
            var history = p.Person.Where(d => d != current).ToList();
            var orders = current.Feedetail.Where(l => !l.IsRefund).Take(50).ToList();
            var encounters = new JsonArray(history.Select(h => (JsonNode)Encounter(h, h.Feedetail.Where(l => !l.IsRefund).Take(20).ToList(), null)).ToArray());
            encounters.Add(Encounter(current, orders, orders.Count > 0 ? orders[^1].FeedetlSn : null));
            var e = current.Episode;
            var body = new JsonObject
            {
                ["infno"] = "3101", ["msgid"] = $"BENCH{e.MdtrtId}", ["inf_time"] = NationalTime.Format(orders.Count > 0 ? orders[^1].FeeOcurTime : e.Begntime),
                ["fixmedins_code"] = e.FixmedinsCode, ["opter"] = "bench",
                ["input"] = new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["syscode"] = "bench", ["task_id"] = e.MdtrtId, ["trig_scen"] = "5",
                        ["patient_dtos"] = new JsonArray(new JsonObject
                        {
                            ["patn_id"] = e.PsnNo, ["gend"] = e.Gend, ["brdy"] = NationalTime.Format(e.Brdy), ["curr_mdtrt_id"] = e.MdtrtId,
                            ["fsi_encounter_dtos"] = encounters,
                        }),
                    },
                },
            };
            return (body.ToJsonString(), orders.Count, history.Count);
        })
        .ToList();

    private static JsonObject Encounter(EpisodeDocument document, List<FeeLine> lines, string? currentSn)
    {
        var e = document.Episode;
        return new JsonObject
        {
            ["mdtrt_id"] = e.MdtrtId, ["medins_id"] = e.FixmedinsCode, ["medins_lv"] = document.MedinsLv, ["adm_date"] = NationalTime.Format(e.Begntime),
            ["dscg_date"] = e.Endtime is { } end ? NationalTime.Format(end) : null, ["med_type"] = e.MedType, ["insutype"] = e.Insutype,
            ["fsi_diagnose_dtos"] = new JsonArray(e.Diseinfo.Select(d => (JsonNode)new JsonObject { ["dise_codg"] = d.DiagCode, ["maindise_flag"] = d.MaindiagFlag }).ToArray()),
            ["fsi_order_dtos"] = new JsonArray(lines.Select(l => (JsonNode)new JsonObject
            {
                ["rx_id"] = l.FeedetlSn, ["hilist_code"] = l.MedListCodg, ["chrg_type"] = l.MedChrgitmType,
                ["cnt"] = l.Cnt, ["pric"] = l.Pric, ["sumamt"] = l.DetItemFeeSumamt, ["drord_begn_date"] = NationalTime.Format(l.FeeOcurTime),
                ["hilist_lv"] = l.ChrgitmLv?.TrimStart('0'), ["drord_dept_codg"] = l.BilgDeptCodg,
                ["curr_drord_flag"] = l.FeedetlSn == currentSn ? "1" : "0",
            }).ToArray()),
        };
    }
}
