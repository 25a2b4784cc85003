namespace ClaimAudit.Gateway.Security;

/// <summary>Settings of the <c>Security</c> section (docs/security.md).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Keys configured for systems: <c>Security:ApiKeys:N:{Key,Role,FixmedinsCode,Admdvs,Name}</c>.</summary>
    public List<ConfiguredApiKey> ApiKeys { get; set; } = [];

    /// <summary>Bearer tokens for people; off unless a signing key or an authority is set.</summary>
    public JwtSettings Jwt { get; set; } = new();

    public RateLimitSettings RateLimit { get; set; } = new();

    /// <summary>How long a gateway trusts its last answer about a stored key: a revocation holds everywhere within this.</summary>
    public int KeyCacheSeconds { get; set; } = 5;

    /// <summary>A port on which <c>/metrics</c> answers without a credential (for a scraper on a private network); none by default.</summary>
    public int? MetricsPort { get; set; }
}

public sealed class ConfiguredApiKey
{
    public string? Key { get; set; }
    public string? Role { get; set; }
    public string? FixmedinsCode { get; set; }
    public string? Admdvs { get; set; }
    public string? Name { get; set; }
}

public sealed class JwtSettings
{
    public string? Issuer { get; set; }
    public string? Audience { get; set; }

    /// <summary>A symmetric key (HS256), at least 32 bytes of UTF-8.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose published keys sign the tokens.</summary>
    public string? Authority { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>A token bucket per credential: a runaway client slows itself down, not the cluster.</summary>
public sealed class RateLimitSettings
{
    public int PermitsPerSecond { get; set; } = 200;
    public int Burst { get; set; } = 400;
}
