using System.Security.Claims;
using ClaimAudit.Abstractions;
using ClaimAudit.Gateway.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ClaimAudit.Gateway.Console;

/// <summary>
/// Signs a person in with the credentials the API takes — an API key, or a bearer token when JWT is configured — and
/// opens a cookie session holding the same caller (name, role, scope) the API would see.
/// </summary>
public sealed class ConsoleSignIn(ApiKeyDirectory keys, IOptions<SecurityOptions> security, IOptionsMonitor<JwtBearerOptions> jwtOptions, TimeProvider clock)
{
    public const string KeyHashClaim = "key_hash";

    public async Task<string?> SignInAsync(HttpContext http, string? credential)
    {
        credential = credential?.Trim();
        if (string.IsNullOrEmpty(credential) || credential.Length > 8_000)
            return "请输入 API 密钥或令牌。";
        var (caller, expires, hash) = await FindAsync(credential);
        if (caller is null)
        {
            ClaimAuditTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("status", "401"));
            return "凭据无效、已吊销或已过期。";
        }
        var principal = caller.ToPrincipal(ConsoleHosting.CookieScheme);
        if (hash is not null)
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(KeyHashClaim, hash));
        var properties = new AuthenticationProperties { IsPersistent = false, IssuedUtc = clock.GetUtcNow() };
        if (expires is { } until)
        {
            // A token's session ends with the token: never slid past it.
            properties.ExpiresUtc = until;
            properties.AllowRefresh = false;
        }
        await http.SignInAsync(ConsoleHosting.CookieScheme, principal, properties);
        return null;
    }

    private async Task<(Caller? Caller, DateTimeOffset? Expires, string? KeyHash)> FindAsync(string credential)
    {
        if (credential.Count(c => c == '.') == 2 && security.Value.Jwt.Enabled)
            return await FromTokenAsync(credential.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? credential[7..] : credential);
        if (credential.Length > 200)
            return (null, null, null);
        var hash = ApiKeySecrets.Hash(credential);
        return (await keys.FindByHashAsync(hash), null, hash);
    }

    private async Task<(Caller?, DateTimeOffset?, string?)> FromTokenAsync(string token)
    {
        var options = jwtOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } manager)
        {
            var configuration = await manager.GetConfigurationAsync(CancellationToken.None);
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            parameters.ValidIssuer ??= (configuration as OpenIdConnectConfiguration)?.Issuer;
        }
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
            return (null, null, null);
        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        if (Roles.Invalid(principal.FindFirst(Caller.RoleClaim)?.Value, principal.FindFirst(Caller.FixmedinsCodeClaim)?.Value, principal.FindFirst(Caller.AdmdvsClaim)?.Value) is not null)
            return (null, null, null);
        var expires = result.SecurityToken.ValidTo is { } to && to > DateTime.MinValue ? new DateTimeOffset(to, TimeSpan.Zero) : (DateTimeOffset?)null;
        return (Caller.Of(principal), expires, null);
    }
}

/// <summary>A session opened with a key lasts only while the key does: it is looked up again as the API looks up keys (briefly cached).</summary>
public sealed class ConsoleSessionEvents(ApiKeyDirectory keys) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirst(ConsoleSignIn.KeyHashClaim)?.Value is { } hash && await keys.FindByHashAsync(hash) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleHosting.CookieScheme);
        }
    }
}
