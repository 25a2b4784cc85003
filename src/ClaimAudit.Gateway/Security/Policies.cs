using ClaimAudit.Abstractions;

namespace ClaimAudit.Gateway.Security;

/// <summary>
/// The authorization policies endpoints declare, each the roles it admits (docs/security.md). <c>admin</c> is in
/// every one: administrators and operators' scripts can do whatever another role can.
/// </summary>
public static class Policies
{
    /// <summary>Read episodes, findings and scorecards within one's scope.</summary>
    public const string Read = "read";

    /// <summary>Send episode data (2401/2301/2402) and imports for institutions within one's scope.</summary>
    public const string Submit = "submit";

    /// <summary>The review queue and findings searches of one's region.</summary>
    public const string Query = "query";

    /// <summary>Confirm or dismiss a suspicious finding; uphold or overturn an appeal.</summary>
    public const string Decide = "decide";

    /// <summary>Appeal a finding of one's own institution.</summary>
    public const string Appeal = "appeal";

    /// <summary>Import a platform extract (a bureau's claims of its region) through an import job.</summary>
    public const string Import = "import";

    /// <summary>Rule sets, institutions, keys, the access log.</summary>
    public const string Admin = "admin";

    /// <summary>The dashboard.</summary>
    public const string Operate = "operate";

    /// <summary><c>/metrics</c>: operators, or anyone on the separate metrics port when one is configured.</summary>
    public const string Metrics = "metrics";

    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Read] = [Roles.Hospital, Roles.Reviewer, Roles.Bureau, Roles.Admin],
        [Submit] = [Roles.Hospital, Roles.Bureau, Roles.Admin],
        [Query] = [Roles.Reviewer, Roles.Bureau, Roles.Admin],
        [Decide] = [Roles.Reviewer, Roles.Admin],
        [Import] = [Roles.Bureau, Roles.Admin],
        [Appeal] = [Roles.Hospital, Roles.Admin],
        [Admin] = [Roles.Admin],
        [Operate] = [Roles.Operator, Roles.Admin],
        [Metrics] = [Roles.Operator, Roles.Admin],
    };
}
