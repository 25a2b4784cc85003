using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace ClaimAudit.Gateway.Tests.Security;

/// <summary>
/// Every operation of the API's own OpenAPI document, sent seeded bad input: malformed JSON, wrong types, missing
/// and extra fields, oversized arrays and strings, control characters, invalid dates, path parameters with slashes and
/// percent-encoding. Only 4xx problem details may come back (a 400 naming the fields), the process stays up, and
/// nothing a refused request named is stored.
/// </summary>
[Collection(GatewayCollection.Name)]
public class FuzzTests(GatewayFixture fixture, ITestOutputHelper output)
{
    private const int CasesPerOperation = 120;

    private static readonly Dictionary<string, string> Bases = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/episodes"] = """
            {"fixmedins_code":"HFUZZ","mdtrt_id":"@ID","psn_no":"PFUZZ","gend":"1","brdy":"1980-05-01","insutype":"310","med_type":"21",
             "begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
            """,
        ["POST /api/v1/episodes/{fixmedins_code}/{mdtrt_id}/fee-lines"] = """
            {"feedetail":[{"feedetl_sn":"@ID","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"ZD03AAA0043010100166","med_chrgitm_type":"11","cnt":1,"pric":25}]}
            """,
        ["POST /api/v1/episodes/{fixmedins_code}/{mdtrt_id}/discharge"] = """
            {"endtime":"2026-03-04 10:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}],"dscg_way":"1"}
            """,
        ["PUT /api/v1/institutions/{fixmedins_code}"] = """{"fixmedins_name":"@ID","hosp_lv":"01","admdvs":"990100"}""",
        ["POST /api/v1/findings/{finding_id}/decision"] = """{"decision":"confirm","reason":"@ID"}""",
        ["POST /api/v1/findings/{finding_id}/appeal"] = """{"reason":"@ID","evidence":["a"]}""",
        ["POST /api/v1/admin/keys"] = """{"name":"@ID","role":"hospital","fixmedins_code":"HFUZZ"}""",
    };

    private static readonly string[] BadPathValues =
        ["a%2Fb", "..%2F..%2Fadmin", "%00", "%0A%0D", "%E4%B8%AD%E6%96%87", "%25", "%ZZ", "a b", new string('x', 3000), "%C0%AF", "%", "-1", "null"];

    private static readonly string[] BadQueries =
    [
        "from=2026-13-45", "to=yesterday", "page_size=-1", "page_size=100000", "min_amount=abc", "status=closed,open", "severity=fatal",
        "admdvs=abc", "page=%00", "page=" + new string('9', 500), "fixmedins_code=" + new string('H', 200), "from=2026-03", "rule_kind=%0A",
    ];

    [Fact]
    public async Task Every_operation_answers_bad_input_with_4xx_problem_details_never_5xx_and_stores_nothing_refused()
    {
        var random = new Random(20261202);
        var document = JsonNode.Parse(await fixture.Http.GetStringAsync("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Key is "get" or "post" or "put" or "delete")
                .Select(op => (Method: op.Key.ToUpperInvariant(), Path: path.Key)))
            .ToList();
        Assert.True(operations.Count >= 15, $"only {operations.Count} operations in the OpenAPI document");

        var refused = new HashSet<string>(StringComparer.Ordinal);
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var tally = new List<string>();
        var failures = new List<string>();
        var kestrel = 0;
        foreach (var (method, path) in operations)
        {
            var counts = new SortedDictionary<int, int>();
            for (var i = 0; i < CasesPerOperation; i++)
            {
                var id = $"FZ{random.Next(1_000_000):D6}{i:D3}";
                var (url, body, kind) = Case(random, method, path, id);
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (body is not null)
                    request.Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } };
                using var response = await fixture.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                counts[status] = counts.GetValueOrDefault(status) + 1;
                var text = await response.Content.ReadAsStringAsync();
                (status < 400 ? accepted : refused).Add(id);
                if (status >= 500)
                    failures.Add($"{method} {Short(url)} ({kind}): {status} {Short(text)}");
                else if (status == 400 && text.Length == 0 && url.Contains("%00", StringComparison.Ordinal))
                    kestrel++; // Kestrel refuses a NUL in the path before any application code runs: a bare 400
                else if (status >= 400 && !IsProblem(response, text, status))
                    failures.Add($"{method} {Short(url)} ({kind}): {status} without problem details naming the field: {Short(text)}");
            }
            tally.Add($"{method} {path}: {CasesPerOperation} cases → {string.Join(", ", counts.Select(c => $"{c.Value}×{c.Key}"))}");
        }
        foreach (var line in tally)
            output.WriteLine(line);
        output.WriteLine($"{operations.Count} operations, {operations.Count * CasesPerOperation} cases, {failures.Count} failures, " +
                         $"{kestrel} refused by Kestrel itself (NUL in the path)");

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync("/healthz")).StatusCode);
        // Nothing a refused request named was stored: no episode under any id only refused requests carried.
        foreach (var id in refused.Except(accepted).Take(300))
            Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"/api/v1/episodes/HFUZZ/{id}")).StatusCode);
    }

    private static bool IsProblem(HttpResponseMessage response, string text, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return false;
        try
        {
            var problem = JsonNode.Parse(text)!;
            return problem["title"] is not null && (status != 400 || problem["errors"]?.AsObject().Count > 0);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static (string Url, byte[]? Body, string Kind) Case(Random random, string method, string pattern, string id)
    {
        var kind = "valid";
        var url = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([a-z_]+)\}", m =>
        {
            if (random.Next(4) == 0)
            {
                kind = "path";
                return BadPathValues[random.Next(BadPathValues.Length)];
            }
            return m.Groups[1].Value switch { "fixmedins_code" => "HFUZZ", "mdtrt_id" => id, "finding_id" => "F" + id, _ => id };
        });
        if (method == "GET" && random.Next(2) == 0)
        {
            url += "?" + string.Join('&', Enumerable.Range(0, 1 + random.Next(3)).Select(_ => BadQueries[random.Next(BadQueries.Length)]));
            kind = "query";
        }
        if (method is not ("POST" or "PUT"))
            return (url, null, kind);
        var baseBody = Bases.GetValueOrDefault($"{method} {pattern}", """{"reason":"@ID"}""").Replace("@ID", id, StringComparison.Ordinal);
        var node = JsonNode.Parse(baseBody)!;
        switch (random.Next(9))
        {
            case 0:
                var cut = Encoding.UTF8.GetBytes(baseBody);
                return (url, cut[..random.Next(cut.Length)], "malformed json");
            case 1:
                SetRandomField(random, node, random.Next(5) switch { 0 => JsonValue.Create(12345), 1 => new JsonArray(1, 2), 2 => new JsonObject(), 3 => JsonValue.Create(true), _ => null });
                kind = "wrong type";
                break;
            case 2:
                RemoveRandomField(random, node);
                kind = "missing field";
                break;
            case 3:
                node.AsObject()["unexpected_" + random.Next(100)] = new JsonArray("x", 1, null);
                kind = "extra field";
                break;
            case 4:
                var array = new JsonArray();
                for (var i = 0; i < 20_000; i++)
                    array.Add(JsonValue.Create(i));
                SetRandomField(random, node, array);
                kind = "oversized array";
                break;
            case 5:
                SetRandomField(random, node, JsonValue.Create(new string('长', 100_000)));
                kind = "oversized string";
                break;
            case 6:
                SetRandomField(random, node, JsonValue.Create("a\u0000b\u001Fc"));
                kind = "control characters";
                break;
            case 7:
                SetRandomField(random, node, JsonValue.Create(random.Next(3) switch { 0 => "2026-02-30 10:00:00", 1 => "2026-13-01", _ => "yesterday" }));
                kind = "invalid date";
                break;
            default:
                return (url, random.Next(3) switch
                {
                    0 => Encoding.UTF8.GetBytes(new string('[', 5_000)),
                    1 => [0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0x00],
                    _ => Encoding.UTF8.GetBytes("\"just a string\""),
                }, "not an object");
        }
        return (url, Encoding.UTF8.GetBytes(node.ToJsonString()), kind);
    }

    /// <summary>Sets a field chosen at random, at the top level or inside the first element of an array field.</summary>
    private static void SetRandomField(Random random, JsonNode node, JsonNode? value)
    {
        var target = Target(random, node);
        var keys = target.Select(p => p.Key).ToList();
        target[keys[random.Next(keys.Count)]] = value;
    }

    private static void RemoveRandomField(Random random, JsonNode node)
    {
        var target = Target(random, node);
        var keys = target.Select(p => p.Key).ToList();
        target.Remove(keys[random.Next(keys.Count)]);
    }

    private static JsonObject Target(Random random, JsonNode node)
    {
        var obj = node.AsObject();
        var nested = obj.Where(p => p.Value is JsonArray { Count: > 0 } a && a[0] is JsonObject).ToList();
        return nested.Count > 0 && random.Next(2) == 0 ? nested[random.Next(nested.Count)].Value![0]!.AsObject() : obj;
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
