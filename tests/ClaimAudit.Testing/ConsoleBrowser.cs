using System.Net;
using System.Text.RegularExpressions;

namespace ClaimAudit.Testing;

/// <summary>The console as a browser holds it, over real HTTP: a cookie jar, no redirects followed, forms sent with their token.</summary>
public sealed partial class ConsoleBrowser : IDisposable
{
    public ConsoleBrowser(Uri baseAddress, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    public bool HasSession => Cookies.GetAllCookies().Any(c => c.Name == "claimaudit.console");

    /// <summary>The anti-forgery token of the forms on a page (and its cookie, kept in the jar).</summary>
    public async Task<string> TokenAsync(string path)
    {
        var html = await (await Http.GetAsync(path)).Content.ReadAsStringAsync();
        return TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"{path} has no form token: {html}");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? token)
    {
        if (token is not null)
            fields["__RequestVerificationToken"] = token;
        return await Http.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public async Task<HttpResponseMessage> SignInAsync(string credential, string? returnUrl = null) =>
        await PostFormAsync("/console/signin", new() { ["credential"] = credential, ["returnUrl"] = returnUrl ?? "" }, await TokenAsync("/console/signin"));

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
