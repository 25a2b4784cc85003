namespace ClaimAudit.Grains.Hosting;

public static class StorageNames
{
    /// <summary>The grain-state storage every ClaimAudit grain uses.</summary>
    public const string ClaimAudit = "claimaudit";
}
