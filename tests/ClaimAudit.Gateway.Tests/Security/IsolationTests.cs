using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Xunit.Abstractions;

namespace ClaimAudit.Gateway.Tests.Security;

/// <summary>
/// Two institutions in two regions, each with an episode and a finding, and a credential of every role. The API's
/// endpoints are read from the application itself, so an endpoint added later is covered without touching this file.
/// </summary>
public sealed class IsolationFixture : GatewayFixture
{
    public const string CodeA = "H33010600001";
    public const string CodeB = "H44010600002";
    public const string EpisodeA = "MDTA0001";
    public const string EpisodeB = "MDTB0002";
    public const string PersonB = "PSNB0002";

    public static readonly Dictionary<string, (string Role, string? Code, string? Admdvs)> Keys = new()
    {
        ["hospital-a-key-000000"] = ("hospital", CodeA, null),
        ["hospital-b-key-000000"] = ("hospital", CodeB, null),
        ["reviewer-x-key-000000"] = ("reviewer", null, "3301"),
        ["reviewer-y-key-000000"] = ("reviewer", null, "4401"),
        ["bureau-x-key-00000000"] = ("bureau", null, "33"),
        ["operator-key-00000000"] = ("operator", null, null),
    };

    public string FindingB { get; private set; } = "";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        var n = 1;
        foreach (var (key, (role, code, admdvs)) in Keys)
        {
            settings[$"Security:ApiKeys:{n}:Key"] = key;
            settings[$"Security:ApiKeys:{n}:Role"] = role;
            settings[$"Security:ApiKeys:{n}:FixmedinsCode"] = code;
            settings[$"Security:ApiKeys:{n}:Admdvs"] = admdvs;
            settings[$"Security:ApiKeys:{n}:Name"] = key[..key.IndexOf("-key", StringComparison.Ordinal)];
            n++;
        }
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Put($"/api/v1/institutions/{CodeA}", """{"fixmedins_name":"甲医院","hosp_lv":"01","admdvs":"330106"}""");
        await Put($"/api/v1/institutions/{CodeB}", """{"fixmedins_name":"乙医院","hosp_lv":"01","admdvs":"440106"}""");
        foreach (var (code, mdtrt, psn) in new[] { (CodeA, EpisodeA, "PSNA0001"), (CodeB, EpisodeB, PersonB) })
        {
            await Post("/api/v1/episodes", $$"""
                {"fixmedins_code":"{{code}}","mdtrt_id":"{{mdtrt}}","psn_no":"{{psn}}","gend":"1","brdy":"1980-05-01","insutype":"310",
                 "med_type":"21","begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
                """);
            var lines = await Post($"/api/v1/episodes/{code}/{mdtrt}/fee-lines", """
                {"feedetail":[{"feedetl_sn":"SN1","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"ZD03AAA0043010100166",
                  "med_chrgitm_type":"11","cnt":1,"pric":25}]}
                """);
            if (code == CodeB)
                FindingB = (string)lines["findings"]![0]!["finding_id"]!;
        }
    }

    private async Task Put(string path, string json) =>
        (await Http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    private async Task<JsonObject> Post(string path, string json)
    {
        using var response = await Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}

public partial class IsolationTests(IsolationFixture fixture, ITestOutputHelper output) : IClassFixture<IsolationFixture>
{
    /// <summary>Open by design: liveness, readiness, the API's description, the console's sign-in, sign-out and refusal pages (no data in any of them).</summary>
    private static readonly string[] Open = ["/healthz", "/readyz", "/openapi/{documentName}.json", "/scalar/{documentName?}",
        "/console/signin", "/console/signout", "/console/denied"];

    private static bool IsConsole(Route route) => route.Pattern == "/console" || route.Pattern.StartsWith("/console/", StringComparison.Ordinal);

    private sealed record Route(string Method, string Pattern, string? Policy);

    private IReadOnlyList<Route> Routes() => fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
            new Route(method, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetOrderedMetadata<IAuthorizeData>() is { Count: > 0 } authorize ? authorize[^1].Policy : null)))
        .Where(r => !Open.Contains(r.Pattern) && !r.Pattern.StartsWith("/scalar", StringComparison.Ordinal))
        .Distinct()
        .ToList();

    /// <summary>The request an endpoint gets, aimed at institution B: B in every route parameter, query and body field.</summary>
    private HttpRequestMessage AimedAtB(Route route, string? key, bool withQuery = true)
    {
        var path = RouteParameter().Replace(route.Pattern, m => m.Groups[1].Value switch
        {
            "fixmedins_code" => IsolationFixture.CodeB,
            "mdtrt_id" => IsolationFixture.EpisodeB,
            "finding_id" => fixture.FindingB,
            "psn_no" => IsolationFixture.PersonB,
            _ => "x",
        });
        if (withQuery)
            path += $"?fixmedins_code={IsolationFixture.CodeB}&admdvs=44&psn_no={IsolationFixture.PersonB}&mdtrt_id={IsolationFixture.EpisodeB}";
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method == "POST" && IsConsole(route))
            // A console form: B's finding selected, every field a console form has.
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["ids"] = fixture.FindingB, ["decision"] = "confirm", ["action"] = "confirm", ["reason"] = "x", ["evidence"] = "x",
                ["fixmedins_code"] = IsolationFixture.CodeB, ["mdtrt_id"] = IsolationFixture.EpisodeB, ["lookup"] = IsolationFixture.EpisodeB,
            });
        else if (route.Method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent($$"""
                {"fixmedins_code":"{{IsolationFixture.CodeB}}","mdtrt_id":"{{IsolationFixture.EpisodeB}}","psn_no":"{{IsolationFixture.PersonB}}",
                 "gend":"1","brdy":"1980-05-01","insutype":"310","med_type":"21","begntime":"2026-03-01 08:00:00","endtime":"2026-03-05 08:00:00",
                 "diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}],
                 "feedetail":[{"feedetl_sn":"SN9","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"ZD03AAA0043010100166","med_chrgitm_type":"11","cnt":1,"pric":25}],
                 "hosp_lv":"01","admdvs":"330106","name":"x","role":"admin","decision":"confirm","reason":"x","evidence":["x"]}
                """, Encoding.UTF8, "application/json");
        if (key is not null)
            request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private static bool Admits(Route route, string role) =>
        route.Policy is { } policy && Policies.RolesOf.TryGetValue(policy, out var roles) && roles.Contains(role);

    [Fact]
    public void Every_endpoint_declares_one_of_the_role_policies()
    {
        var routes = Routes();
        Assert.NotEmpty(routes);
        var undeclared = routes.Where(r => r.Policy is null || !Policies.RolesOf.ContainsKey(r.Policy)).Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(undeclared.Count == 0, "endpoints without a role policy: " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task Without_a_credential_or_with_an_unknown_one_every_endpoint_answers_401()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.BaseAddress };
        foreach (var route in Routes())
            foreach (var key in new[] { null, "not-a-key-of-this-cluster" })
            {
                using var response = await http.SendAsync(AimedAtB(route, key));
                // A browser without a session is sent to the console's sign-in page; anything else is refused outright.
                if (IsConsole(route) && key is null)
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/console/signin",
                        $"{route.Method} {route.Pattern} without a session: {(int)response.StatusCode} {response.Headers.Location}");
                else
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {route.Pattern} with key {key ?? "(none)"}: {(int)response.StatusCode}");
            }
        output.WriteLine($"{Routes().Count} endpoints × 2 refused credentials: 401");
        // The exporter answers a scrape from its cache for a moment: ask until a fresh one comes.
        var refused = new Regex(@"claimaudit_auth_refused_total\{[^}]*status=""401""[^}]*\} [1-9]");
        var metrics = "";
        for (var attempt = 0; attempt < 50 && !refused.IsMatch(metrics); attempt++, await Task.Delay(100))
            metrics = await fixture.Http.GetStringAsync("/metrics");
        Assert.Matches(refused, metrics);
    }

    [Fact]
    public async Task The_api_description_and_its_interactive_reference_are_open_and_declare_the_key_scheme()
    {
        using var anonymous = fixture.ClientWithKey(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        using var reference = await anonymous.GetAsync("/scalar/");

        Assert.Equal("X-Api-Key", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["name"]);
        Assert.Equal("header", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["in"]);
        Assert.NotEmpty(document["security"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("text/html", reference.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("hospital-a-key-000000")]
    [InlineData("reviewer-x-key-000000")]
    [InlineData("bureau-x-key-00000000")]
    [InlineData("operator-key-00000000")]
    public async Task A_credential_outside_institution_Bs_scope_gets_404_where_its_role_may_act_and_403_elsewhere_and_never_Bs_data(string key)
    {
        var before = await fixture.Http.GetStringAsync($"/api/v1/episodes/{IsolationFixture.CodeB}/{IsolationFixture.EpisodeB}");
        var role = IsolationFixture.Keys[key].Role;
        using var http = fixture.ClientWithKey(null);
        var tried = 0;
        foreach (var route in Routes())
            foreach (var withQuery in new[] { true, false })
            {
                using var request = AimedAtB(route, key, withQuery);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                // A listing (GET without parameters: metrics, queues, searches) answers what is in scope; anything aimed
                // at one of B's resources, or carrying B in its body, answers that it does not exist.
                var listing = route.Method == "GET" && !route.Pattern.Contains('{', StringComparison.Ordinal);
                // A national-interface message names its sender (fixmedins_code): one sent as B is refused outright.
                var sentAsB = route.Pattern.StartsWith("/api/v1/national/", StringComparison.Ordinal);
                // An import job is the caller's own: a JSON body is no upload (400); B's records in an upload are refused in the job (ImportJobsTests).
                var upload = route.Method == "POST" && route.Pattern.TrimEnd('/') is "/api/v1/imports" or "/console/imports";
                var expected = !Admits(route, role) || sentAsB ? HttpStatusCode.Forbidden
                    : upload ? HttpStatusCode.BadRequest
                    : listing ? HttpStatusCode.OK : HttpStatusCode.NotFound;
                Assert.True(response.StatusCode == expected, $"{role}: {route.Method} {request.RequestUri}: {(int)response.StatusCode} {body}");
                foreach (var secret in new[] { IsolationFixture.CodeB, IsolationFixture.EpisodeB, IsolationFixture.PersonB, fixture.FindingB, "乙医院" })
                    Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{role}: {route.Method} {route.Pattern} answered B's {secret}: {body}");
                tried++;
            }
        var after = await fixture.Http.GetStringAsync($"/api/v1/episodes/{IsolationFixture.CodeB}/{IsolationFixture.EpisodeB}");
        Assert.Equal(before, after); // nothing of B was changed either
        output.WriteLine($"{role}: {tried} requests at B, none answered with B's data");
    }

    [Fact]
    public async Task Bs_own_hospital_and_its_regions_reviewer_read_what_others_are_told_does_not_exist()
    {
        var reads = Routes().Where(r => r.Method == "GET" && r.Pattern.Contains("{fixmedins_code}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reads);
        foreach (var key in new[] { "hospital-b-key-000000", "reviewer-y-key-000000" })
        {
            using var http = fixture.ClientWithKey(null);
            foreach (var route in reads.Where(r => Admits(r, IsolationFixture.Keys[key].Role)))
            {
                using var response = await http.SendAsync(AimedAtB(route, key, withQuery: false));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{key}: {route.Method} {route.Pattern}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Another_institutions_episode_and_a_missing_one_get_the_same_answer()
    {
        using var http = fixture.ClientWithKey("hospital-a-key-000000");
        var others = await http.GetAsync($"/api/v1/episodes/{IsolationFixture.CodeB}/{IsolationFixture.EpisodeB}");
        var missing = await http.GetAsync($"/api/v1/episodes/{IsolationFixture.CodeA}/NOSUCHEPISODE");
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(WithoutTrace(await missing.Content.ReadAsStringAsync()), WithoutTrace(await others.Content.ReadAsStringAsync()));
    }

    private static string WithoutTrace(string problem)
    {
        var node = JsonNode.Parse(problem)!.AsObject();
        node.Remove("traceId");
        node.Remove("trace_id");
        node.Remove("instance");
        return node.ToJsonString();
    }

    [GeneratedRegex(@"\{\*?([a-z_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
