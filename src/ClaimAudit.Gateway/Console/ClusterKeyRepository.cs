using System.Xml.Linq;
using ClaimAudit.Abstractions;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ClaimAudit.Gateway.Console;

/// <summary>
/// The console's data-protection keys kept in the cluster (<see cref="IConsoleKeysGrain"/>), not in each gateway's
/// memory: behind a load balancer a session opened at one gateway is read by the next, and a restart signs nobody out.
/// Data protection asks for the ring when it first protects or reads something, when a payload names a key it does
/// not hold (another gateway made it), and once a day; so a blocking call here is rare and off any hot path.
/// </summary>
public sealed class ClusterKeyRepository(IGrainFactory grains) : IXmlRepository
{
    private IConsoleKeysGrain Keys => grains.GetGrain<IConsoleKeysGrain>(IConsoleKeysGrain.Key);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        Keys.Elements().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        Keys.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
