using System.Text;
using System.Threading.RateLimiting;
using ClaimAudit.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ClaimAudit.Gateway.Security;

/// <summary>Authentication (API keys, JWT bearer), the role policies and the per-credential rate limit.</summary>
public static class SecurityHosting
{
    /// <summary>Chooses, per request, the scheme its credential belongs to.</summary>
    public const string Scheme = "ClaimAudit";

    public const string PerCredentialLimit = "per-credential";

    public static WebApplicationBuilder AddClaimAuditSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        builder.Services.AddOptions<SecurityOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.AddSingleton<ApiKeyDirectory>();
        builder.Services.AddSingleton<InstitutionScope>();
        builder.Services.AddSingleton<AccessLog>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, CountedRefusals>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AccessLog>());

        var jwt = section.GetSection("Jwt").Get<JwtSettings>() ?? new();
        var authentication = builder.Services.AddAuthentication(Scheme)
            // A request's own credential decides; the console's session cookie counts only on the console's pages,
            // so no API endpoint acts on an ambient credential another site could make a browser send.
            .AddPolicyScheme(Scheme, "API key, bearer token or console session", o => o.ForwardDefaultSelector = http =>
                jwt.Enabled && http.Request.Headers.Authorization.FirstOrDefault() is { } value
                && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : !http.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) && Console.ConsoleHosting.IsConsole(http.Request.Path)
                        ? Console.ConsoleHosting.CookieScheme
                        : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        if (jwt.Enabled)
            authentication.AddJwtBearer(o => ConfigureJwt(o, jwt));

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in Policies.RolesOf.Where(p => p.Key != Policies.Metrics))
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireClaim(Caller.RoleClaim, roles));
        var metricsPort = section.GetValue<int?>(nameof(SecurityOptions.MetricsPort));
        authorization.AddPolicy(Policies.Metrics, p => p.RequireAssertion(context =>
            (metricsPort is { } port && context.Resource is HttpContext http && http.Connection.LocalPort == port)
            || Policies.RolesOf[Policies.Metrics].Contains(context.User.FindFirst(Caller.RoleClaim)?.Value)));

        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
        {
            var limits = security.Value.RateLimit;
            limiter.AddPolicy(PerCredentialLimit, http => Caller.Of(http.User) is { } caller
                ? RateLimitPartition.GetTokenBucketLimiter(caller.CredentialId, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter("anonymous"));
        });
        return builder;
    }

    private static void ConfigureJwt(JwtBearerOptions options, JwtSettings jwt)
    {
        options.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
            options.Authority = jwt.Authority;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer),
            ValidIssuer = jwt.Issuer,
            ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience),
            ValidAudience = jwt.Audience,
            IssuerSigningKey = string.IsNullOrWhiteSpace(jwt.SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
            NameClaimType = Caller.NameClaim,
            RoleClaimType = Caller.RoleClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        options.Events = new JwtBearerEvents
        {
            // A person's token must say whose data they work on, as a key does.
            OnTokenValidated = context =>
            {
                var p = context.Principal!;
                var reason = Roles.Invalid(p.FindFirst(Caller.RoleClaim)?.Value, p.FindFirst(Caller.FixmedinsCodeClaim)?.Value, p.FindFirst(Caller.AdmdvsClaim)?.Value);
                if (reason is not null)
                    context.Fail(reason);
                return Task.CompletedTask;
            },
        };
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }

    /// <summary>What is wrong with the configured credentials, naming the setting, or null.</summary>
    public static string? Invalid(SecurityOptions options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"Security:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Key) || key.Key.Length < 16)
                return $"{at}:Key must be at least 16 characters";
            if (!seen.Add(key.Key))
                return $"{at}:Key is configured twice";
            if (Roles.Invalid(key.Role, key.FixmedinsCode, key.Admdvs) is { } reason)
                return $"{at}: {reason}";
        }
        if (options.Jwt.SigningKey is { Length: > 0 and < 32 })
            return "Security:Jwt:SigningKey must be at least 32 characters";
        if (options.RateLimit.PermitsPerSecond < 1 || options.RateLimit.Burst < 1)
            return "Security:RateLimit:PermitsPerSecond and :Burst must be at least 1";
        return null;
    }

    private sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
    {
        public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
            Invalid(options) is { } reason ? ValidateOptionsResult.Fail(reason) : ValidateOptionsResult.Success;
    }
}
