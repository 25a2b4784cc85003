namespace ClaimAudit.Tools.Hosting;

/// <summary>
/// The credential tools give the clusters they start themselves on this machine (benchmarks, tests): one admin key,
/// and a rate limit no load generator reaches. Never a deployment's: those create keys with <c>claimaudit keys</c>.
/// </summary>
public static class LocalCredentials
{
    public const string AdminKey = "claimaudit-local-admin-key";

    /// <summary>Command-line settings for a silo or gateway process the tools start.</summary>
    public static readonly string[] HostArgs =
    [
        "--Security:ApiKeys:0:Key", AdminKey, "--Security:ApiKeys:0:Role", "admin", "--Security:ApiKeys:0:Name", "local-tools",
        "--Security:RateLimit:PermitsPerSecond", "1000000", "--Security:RateLimit:Burst", "1000000",
    ];

    /// <summary>A client of a local cluster's API, sending the admin key.</summary>
    public static HttpClient Http(Uri baseAddress, TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return http;
    }
}
