using System.Reflection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace ClaimAudit.Gateway.Console;

/// <summary>
/// The web console (docs/console.md): Razor Pages under <c>/console</c>, served by whichever process hosts the API,
/// calling the same cluster grains, scope checks and role policies as the API's endpoints. A person signs in once
/// with an API key or a bearer token; a cookie carries the session after that, and every form carries an
/// anti-forgery token.
/// </summary>
public static class ConsoleHosting
{
    public const string CookieScheme = "ClaimAuditConsole";
    public const string PathPrefix = "/console";
    public const string AssetsPath = "/console/assets";

    public static WebApplicationBuilder AddClaimAuditConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Console/Pages";
                // Anti-forgery guards the cookie, the one ambient credential: ConsoleAntiforgery checks every
                // form sent with it; a request carrying its own key or token cannot be forged by another site.
                o.Conventions.ConfigureFilter(new IgnoreAntiforgeryTokenAttribute());
                o.Conventions.ConfigureFilter(new ConsoleAntiforgery());
            })
            .AddApplicationPart(typeof(ConsoleHosting).Assembly);
        // Chinese text is written as itself, not as numeric character references (pages a third the size); markup
        // characters are still encoded.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // One key ring for every gateway, kept by the cluster: the cookie and the form tokens are protected with it.
        builder.Services.AddDataProtection().SetApplicationName("ClaimAudit.Console");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new ClusterKeyRepository(services.GetRequiredService<IGrainFactory>())));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "claimaudit.console.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddSingleton<ConsoleSignIn>();
        builder.Services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "claimaudit.console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = PathPrefix;
            o.LoginPath = PathPrefix + "/signin";
            o.LogoutPath = PathPrefix + "/signout";
            o.AccessDeniedPath = PathPrefix + "/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.EventsType = typeof(ConsoleSessionEvents);
        });
        builder.Services.AddSingleton<ConsoleSessionEvents>();
        return builder;
    }

    /// <summary>The console's own files (style, script, the vendored chart library), embedded in this assembly so any host serves them.</summary>
    public static WebApplication UseClaimAuditConsoleAssets(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new EmbeddedFileProvider(Assembly.GetExecutingAssembly(), "ClaimAudit.Gateway.Console.Assets"),
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        return app;
    }

    public static WebApplication MapClaimAuditConsole(this WebApplication app)
    {
        app.MapRazorPages().RequireRateLimiting(Security.SecurityHosting.PerCredentialLimit);
        return app;
    }

    public static bool IsConsole(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);
}
