using System.Security.Claims;
using ClaimAudit.Abstractions;

namespace ClaimAudit.Gateway.Security;

/// <summary>Who is calling, as the API decides on it: a credential's name, role and scope.</summary>
public sealed record Caller(string Name, string Role, string? FixmedinsCode, string? Admdvs, string CredentialId)
{
    public const string FixmedinsCodeClaim = "fixmedins_code";
    public const string AdmdvsClaim = "admdvs";
    public const string CredentialClaim = "credential";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";

    public static Caller? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(RoleClaim)?.Value is not { } role)
            return null;
        var name = user.FindFirst(NameClaim)?.Value ?? user.FindFirst("sub")?.Value ?? "unnamed";
        return new Caller(name, role, user.FindFirst(FixmedinsCodeClaim)?.Value, user.FindFirst(AdmdvsClaim)?.Value,
            user.FindFirst(CredentialClaim)?.Value ?? "jwt:" + name);
    }

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(NameClaim, Name), new(RoleClaim, Role), new(CredentialClaim, CredentialId) };
        if (FixmedinsCode is not null)
            claims.Add(new Claim(FixmedinsCodeClaim, FixmedinsCode));
        if (Admdvs is not null)
            claims.Add(new Claim(AdmdvsClaim, Admdvs));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, NameClaim, RoleClaim));
    }

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>A regional role's view: an institution is in it when its admdvs starts with the caller's code.</summary>
    public bool CoversRegion(string? institutionAdmdvs) =>
        Role is Roles.Reviewer or Roles.Bureau && Admdvs is { Length: > 0 } prefix && institutionAdmdvs is not null
        && institutionAdmdvs.StartsWith(prefix, StringComparison.Ordinal);
}
