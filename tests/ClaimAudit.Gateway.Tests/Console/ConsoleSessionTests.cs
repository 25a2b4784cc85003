using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Gateway.Tests.Security;
using ClaimAudit.Testing;

namespace ClaimAudit.Gateway.Tests.Console;

/// <summary>The console's session over real HTTP, as a browser holds it: a cookie jar, no redirects followed, forms with their token.</summary>
public class ConsoleSessionTests(CredentialsFixture fixture) : IClassFixture<CredentialsFixture>
{
    private async Task<(string Secret, string KeyId)> CreateKey(string json)
    {
        using var response = await fixture.Http.PostAsync("/api/v1/admin/keys", new StringContent(json, Encoding.UTF8, "application/json"));
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)created["secret"]!, (string)created["key"]!["key_id"]!);
    }

    [Fact]
    public async Task A_key_signs_in_to_a_session_that_opens_console_pages_and_never_the_api()
    {
        var (secret, _) = await CreateKey("""{"name":"李审核","role":"reviewer","admdvs":"33"}""");
        using var browser = new ConsoleBrowser(fixture.BaseAddress);

        var before = await browser.Http.GetAsync("/console/reviews");
        var signedIn = await browser.SignInAsync(secret);
        var queue = await browser.Http.GetAsync("/console/reviews");
        var api = await browser.Http.GetAsync("/api/v1/reviews");

        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal("/console/signin", before.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/console/", signedIn.Headers.Location!.OriginalString);
        Assert.True(browser.HasSession);
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("李审核", await queue.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode); // the cookie is no credential of the API
    }

    [Fact]
    public async Task A_form_sent_with_the_session_but_without_its_anti_forgery_token_is_refused()
    {
        var (secret, _) = await CreateKey("""{"name":"赵审核","role":"reviewer","admdvs":"33"}""");
        using var browser = new ConsoleBrowser(fixture.BaseAddress);
        await browser.SignInAsync(secret);
        var fields = new Dictionary<string, string> { ["ids"] = "F0000000000000000000", ["decision"] = "confirm", ["reason"] = "x" };

        var forged = await browser.PostFormAsync("/console/reviews/decide", new(fields), token: null);
        var genuine = await browser.PostFormAsync("/console/reviews/decide", new(fields), await browser.TokenAsync("/console/reviews"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, genuine.StatusCode); // past the token: the finding is unknown
    }

    [Fact]
    public async Task Revoking_the_key_ends_the_sessions_it_opened()
    {
        var (secret, keyId) = await CreateKey("""{"name":"钱审核","role":"reviewer","admdvs":"33"}""");
        using var browser = new ConsoleBrowser(fixture.BaseAddress);
        await browser.SignInAsync(secret);
        var before = await browser.Http.GetAsync("/console/reviews");

        (await fixture.Http.DeleteAsync($"/api/v1/admin/keys/{keyId}")).EnsureSuccessStatusCode();
        var after = await browser.Http.GetAsync("/console/reviews");
        var again = await browser.SignInAsync(secret);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/console/signin", after.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_signs_in_as_its_claims_say_and_an_expired_or_foreign_one_is_refused()
    {
        Claim[] claims = [new("sub", "sso-user-7"), new("name", "孙审核"), new("role", "reviewer"), new("admdvs", "33")];
        using var browser = new ConsoleBrowser(fixture.BaseAddress);
        using var expired = new ConsoleBrowser(fixture.BaseAddress);
        using var foreign = new ConsoleBrowser(fixture.BaseAddress);

        var signedIn = await browser.SignInAsync(CredentialsFixture.Token(claims));
        var page = await (await browser.Http.GetAsync("/console/reviews")).Content.ReadAsStringAsync();
        var late = await expired.SignInAsync(CredentialsFixture.Token(claims, DateTime.UtcNow.AddMinutes(-5)));
        var forged = await foreign.SignInAsync(CredentialsFixture.Token(claims, signingKey: "another-signing-key-of-at-least-32-bytes"));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("孙审核", page);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.False(expired.HasSession || foreign.HasSession);
    }

    [Theory]
    [InlineData("https://evil.example/console/", "/console/")]
    [InlineData("//evil.example/", "/console/")]
    [InlineData("/api/v1/admin/keys", "/console/")]
    [InlineData("/console/reviews?status=appealed", "/console/reviews?status=appealed")]
    public async Task Signing_in_returns_only_to_a_page_of_the_console(string returnUrl, string landing)
    {
        var (secret, _) = await CreateKey("""{"name":"周审核","role":"reviewer","admdvs":"33"}""");
        using var browser = new ConsoleBrowser(fixture.BaseAddress);

        var signedIn = await browser.SignInAsync(secret, returnUrl);

        Assert.Equal(landing, signedIn.Headers.Location!.OriginalString);
    }
}
