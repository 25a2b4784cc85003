using System.Net.Http.Json;
using System.Text.Json;
using ClaimAudit.Cli.Auditing;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Benchmarking;
using ClaimAudit.Tools.Hosting;
using Microsoft.Playwright;

namespace ClaimAudit.Console.Tests;

/// <summary>
/// The embedded default as the README starts it (the silo's build output, a process of its own) loaded with the
/// sample province over HTTP, and Debian's Chromium driven by Playwright (installed by deploy/scripts/ensure-browser.sh
/// when missing; Playwright's own download is never used). The sample's institutions are registered in the test
/// region of <see cref="TestRules"/>, where the sex limit is suspicious (a reviewer's decision on it moves money).
/// Keys: an administrator, a reviewer of that region, a hospital of each of two institutions.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string AdminKey = "console-admin-key-000000";
    public const string ReviewerKey = "console-reviewer-key-0000";
    public const string HospitalAKey = "console-hospital-a-key-00";
    public const string HospitalBKey = "console-hospital-b-key-00";
    public const string BureauKey = "console-bureau-key-000000";
    public const string CodeA = "H33010000001";
    public const string CodeB = "H33010000002";

    private readonly TestRules _rules = new();
    private HostProcess? _silo;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The silo's rules/ folder (a copy the tests may break and mend).</summary>
    public string RulesPath => _rules.Path;

    public Uri BaseAddress => _silo!.BaseAddress;

    public HttpClient Api(string key)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    /// <summary>Where the tests' screenshots go: artifacts/console/ in the repository (kept out of git).</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(BuiltHost.RepositoryRoot, "artifacts", "console")).FullName;

    public async Task InitializeAsync()
    {
        var browser = ProjectScripts.Ensure("ensure-browser.sh");
        _silo = await BuiltHost.StartAsync("ClaimAudit.Silo", () =>
        [
            "--Orleans:SiloPort", EmbeddedCluster.FreePort().ToString(), "--Orleans:GatewayPort", EmbeddedCluster.FreePort().ToString(),
            "--Security:RateLimit:PermitsPerSecond", "100000", "--Security:RateLimit:Burst", "100000",
            "--ClaimAudit:RulesPath", _rules.Path,
            .. Key(0, AdminKey, "admin", "控制台测试管理员"),
            .. Key(1, ReviewerKey, "reviewer", "王审核", admdvs: TestRules.SuspiciousRegion[..2]),
            .. Key(2, HospitalAKey, "hospital", "甲医院医保办", code: CodeA),
            .. Key(3, HospitalBKey, "hospital", "乙医院医保办", code: CodeB),
            .. Key(4, BureauKey, "bureau", "市医保局", admdvs: TestRules.SuspiciousRegion[..4]),
        ]);
        await LoadSampleProvinceAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = browser, Args = ["--no-sandbox"] });
    }

    private static string[] Key(int n, string key, string role, string name, string? code = null, string? admdvs = null) =>
    [
        $"--Security:ApiKeys:{n}:Key", key, $"--Security:ApiKeys:{n}:Role", role, $"--Security:ApiKeys:{n}:Name", name,
        .. code is null ? Array.Empty<string>() : [$"--Security:ApiKeys:{n}:FixmedinsCode", code],
        .. admdvs is null ? Array.Empty<string>() : [$"--Security:ApiKeys:{n}:Admdvs", admdvs],
    ];

    /// <summary>samples/episodes.ndjson as hospitals send it: institutions registered in the test region first, then every episode's admission, lines and discharge.</summary>
    private async Task LoadSampleProvinceAsync()
    {
        var documents = File.ReadLines(Path.Combine(BuiltHost.RepositoryRoot, "samples", "episodes.ndjson"))
            .Where(line => line.Length > 0)
            .Select(line => EpisodeDocument.Read(JsonDocument.Parse(line).RootElement).Document!)
            .ToList();
        using var admin = Api(AdminKey);
        var n = 0;
        foreach (var (code, level) in documents.Select(d => (d.Episode.FixmedinsCode, d.MedinsLv ?? "05")).Distinct())
            (await admin.PutAsJsonAsync($"/api/v1/institutions/{code}", new { fixmedins_name = $"样例医院{++n}", hosp_lv = level, admdvs = TestRules.SuspiciousRegion })).EnsureSuccessStatusCode();
        using var client = new GatewayClient(BaseAddress, AdminKey);
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (d, ct) => new ValueTask(client.IngestAsync(d, 50, ct)));
    }

    /// <summary>A browser context signed in with a key through the sign-in page, as a person would.</summary>
    public async Task<IPage> SignedInAsync(string key)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/signin");
        await page.FillAsync("#credential", key);
        await page.ClickAsync("#signin");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_silo is not null)
            await _silo.DisposeAsync();
        _rules.Delete();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
