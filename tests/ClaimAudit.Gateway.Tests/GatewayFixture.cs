using ClaimAudit.Silo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClaimAudit.Gateway.Tests;

/// <summary>The embedded default (silo + API) on free loopback ports, spoken to over real HTTP.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>More host setup a derived fixture needs before the app is built.</summary>
    protected Action<WebApplicationBuilder>? ConfigureBuilder { get; set; }

    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["Orleans:SiloPort"] = FreePort().ToString(),
        ["Orleans:GatewayPort"] = FreePort().ToString(),
        ["Gateway:MaxBatchLines"] = "50",
        ["Security:ApiKeys:0:Key"] = AdminKey,
        ["Security:ApiKeys:0:Role"] = "admin",
        ["Security:ApiKeys:0:Name"] = "test-admin",
        // Tests send as fast as they can; the rate limit has its own fixture (RateLimitTests).
        ["Security:RateLimit:PermitsPerSecond"] = "100000",
        ["Security:RateLimit:Burst"] = "100000",
    };

    /// <summary>Configures API key number <paramref name="n"/> (0 is the administrators' key).</summary>
    protected static void Key(Dictionary<string, string?> settings, int n, string key, string role, string name, string? fixmedinsCode = null, string? admdvs = null)
    {
        settings[$"Security:ApiKeys:{n}:Key"] = key;
        settings[$"Security:ApiKeys:{n}:Role"] = role;
        settings[$"Security:ApiKeys:{n}:Name"] = name;
        settings[$"Security:ApiKeys:{n}:FixmedinsCode"] = fixmedinsCode;
        settings[$"Security:ApiKeys:{n}:Admdvs"] = admdvs;
    }

    /// <summary>The administrators' key the fixture's <see cref="Http"/> sends; tests of other roles make their own clients.</summary>
    public const string AdminKey = "test-admin-key-0123456789";

    public Uri BaseAddress => Http.BaseAddress!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>A client of the same API sending another key (or none).</summary>
    public HttpClient ClientWithKey(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public virtual async Task InitializeAsync()
    {
        // A port found free can be taken by another process before the silo binds it: then try new ones.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (Exception) when (attempt < 3)
            {
                if (_app is not null)
                    await _app.DisposeAsync();
            }
        }
    }

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(Settings());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddClaimAuditSilo();
        builder.AddClaimAuditGateway();
        ConfigureBuilder?.Invoke(builder);
        _app = builder.Build();
        _app.MapClaimAuditApi();
        await _app.StartAsync();
        var address = _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await _app!.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort() => ClaimAudit.Cli.Auditing.EmbeddedCluster.FreePort();
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
