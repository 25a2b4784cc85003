namespace ClaimAudit.Abstractions;

/// <summary>
/// The data-protection key ring every gateway's console shares (one grain, key <see cref="Key"/>, in the cluster's
/// storage): a session cookie or a form token protected by one gateway is read by any other, and after a restart.
/// The elements are ASP.NET Core's key XML as written, kept by their friendly name; a key is never deleted (an
/// expired key still reads what it protected).
/// </summary>
[Alias("ClaimAudit.IConsoleKeysGrain")]
public interface IConsoleKeysGrain : IGrainWithStringKey
{
    public const string Key = "console-keys";

    [Alias("Elements")]
    Task<IReadOnlyList<string>> Elements();

    /// <summary>Stores one element; storing a name again replaces its element (a retried write is one key).</summary>
    [Alias("Store")]
    Task Store(string friendlyName, string xml);
}
