using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClaimAudit.Gateway.Tests.Security;

/// <summary>The embedded API with stored keys trusted for no time at all, a token issuer, and a tight rate limit for one key.</summary>
public sealed class CredentialsFixture : GatewayFixture
{
    public const string SigningKey = "a-test-signing-key-of-at-least-32-bytes!";
    public const string Issuer = "https://sso.example.gov.cn";
    public const string Audience = "claimaudit";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Security:KeyCacheSeconds"] = "60"; // the revoking gateway forgets the key at once all the same
        settings["Security:Jwt:SigningKey"] = SigningKey;
        settings["Security:Jwt:Issuer"] = Issuer;
        settings["Security:Jwt:Audience"] = Audience;
        return settings;
    }

    public static string Token(IEnumerable<Claim> claims, DateTime? expires = null, string signingKey = SigningKey) => new JsonWebTokenHandler().CreateToken(
        new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddHours(-1),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
}

public class CredentialsTests(CredentialsFixture fixture) : IClassFixture<CredentialsFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonObject> CreateKey(string json)
    {
        using var response = await fixture.Http.PostAsync("/api/v1/admin/keys", Json(json));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task Admit(string code, string mdtrt) => (await fixture.Http.PostAsync("/api/v1/episodes", Json($$"""
        {"fixmedins_code":"{{code}}","mdtrt_id":"{{mdtrt}}","psn_no":"P{{mdtrt}}","gend":"1","brdy":"1980-05-01","insutype":"310",
         "med_type":"21","begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
        """))).EnsureSuccessStatusCode();

    [Fact]
    public async Task A_stored_hospital_key_reads_its_own_episodes_until_revoked_and_its_secret_is_never_listed()
    {
        await Admit("HKEY01", "MKEY01");
        var created = await CreateKey("""{"name":"HIS of HKEY01","role":"hospital","fixmedins_code":"HKEY01"}""");
        var secret = (string)created["secret"]!;
        var keyId = (string)created["key"]!["key_id"]!;
        using var hospital = fixture.ClientWithKey(secret);

        var before = await hospital.GetAsync("/api/v1/episodes/HKEY01/MKEY01");
        var listed = await fixture.Http.GetStringAsync("/api/v1/admin/keys");
        var hospitalOnKeys = await hospital.GetAsync("/api/v1/admin/keys");
        var revoked = await fixture.Http.DeleteAsync($"/api/v1/admin/keys/{keyId}");
        var after = await hospital.GetAsync("/api/v1/episodes/HKEY01/MKEY01");
        var revokedAgain = await fixture.Http.DeleteAsync("/api/v1/admin/keys/knosuchkey000");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains(keyId, listed);
        Assert.DoesNotContain(secret, listed);
        Assert.Equal(HttpStatusCode.Forbidden, hospitalOnKeys.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revokedAgain.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"hospital"}""", "fixmedins_code")]
    [InlineData("""{"name":"x","role":"reviewer","admdvs":"Zhejiang"}""", "admdvs")]
    [InlineData("""{"name":"x","role":"superuser"}""", "role")]
    [InlineData("""{"role":"admin"}""", "name")]
    public async Task A_key_request_that_does_not_make_sense_is_refused_naming_the_field(string json, string field)
    {
        using var response = await fixture.Http.PostAsync("/api/v1/admin/keys", Json(json));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_persons_bearer_token_carries_role_and_institution_and_a_bad_token_is_refused()
    {
        await Admit("HJWT01", "MJWT01");
        await Admit("HJWT02", "MJWT02");
        Claim[] doctor = [new("sub", "zhang.san"), new("name", "张三"), new("role", "hospital"), new("fixmedins_code", "HJWT01")];

        async Task<HttpStatusCode> Get(string token, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new("Bearer", token);
            using var http = fixture.ClientWithKey(null);
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get(CredentialsFixture.Token(doctor), "/api/v1/episodes/HJWT01/MJWT01"));
        Assert.Equal(HttpStatusCode.NotFound, await Get(CredentialsFixture.Token(doctor), "/api/v1/episodes/HJWT02/MJWT02"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(CredentialsFixture.Token(doctor, DateTime.UtcNow.AddMinutes(-5)), "/api/v1/episodes/HJWT01/MJWT01"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(CredentialsFixture.Token(doctor, signingKey: "another-key-that-is-at-least-32-bytes"), "/api/v1/episodes/HJWT01/MJWT01"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(CredentialsFixture.Token([new("sub", "li.si"), new("role", "hospital")]), "/api/v1/episodes/HJWT01/MJWT01"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("not.a.token", "/api/v1/episodes/HJWT01/MJWT01"));
    }
}

/// <summary>One hospital key held to one request a second after a burst of five; the admin key is not.</summary>
public sealed class RateLimitFixture : GatewayFixture
{
    public const string HospitalKey = "busy-his-key-0000000000";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Security:ApiKeys:1:Key"] = HospitalKey;
        settings["Security:ApiKeys:1:Role"] = "hospital";
        settings["Security:ApiKeys:1:FixmedinsCode"] = "HRATE1";
        settings["Security:RateLimit:PermitsPerSecond"] = "1";
        settings["Security:RateLimit:Burst"] = "5";
        return settings;
    }
}

public class RateLimitTests(RateLimitFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task A_credential_past_its_rate_limit_gets_429_with_retry_after_and_the_refusals_are_counted()
    {
        using var hospital = fixture.ClientWithKey(RateLimitFixture.HospitalKey);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
            answers.Add(await hospital.GetAsync("/api/v1/episodes/HRATE1/NONE"));
        var admin = await fixture.Http.GetAsync("/api/v1/admin/rulesets"); // another credential, another bucket
        var metrics = await fixture.Http.GetStringAsync("/metrics");

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        output.WriteLine($"12 requests at once on 1/s, burst 5: {string.Join(" ", answers.Select(a => (int)a.StatusCode))}; " +
                         $"Retry-After {string.Join(",", limited.Select(a => a.Headers.GetValues("Retry-After").Single()).Distinct())}");
        Assert.InRange(limited.Count, 1, 7); // a burst of 5 (plus what refilled meanwhile) passes, the rest waits
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.All(limited, a => Assert.True(int.Parse(a.Headers.GetValues("Retry-After").Single()) >= 1));
        Assert.Matches(@"claimaudit_rate_limited_total\{[^}]*role=""hospital""[^}]*\} [1-9]", metrics);
    }
}
