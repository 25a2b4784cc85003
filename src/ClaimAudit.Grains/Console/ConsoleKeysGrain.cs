using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;

namespace ClaimAudit.Grains.Console;

[GenerateSerializer, Alias("ClaimAudit.ConsoleKeysState")]
public sealed class ConsoleKeysState
{
    [Id(0)] public List<ConsoleKeyElement> Elements { get; set; } = [];
}

/// <summary>One key-ring element as ASP.NET Core data protection wrote it.</summary>
[GenerateSerializer, Immutable, Alias("ClaimAudit.ConsoleKeyElement")]
public sealed record ConsoleKeyElement([property: Id(0)] string FriendlyName, [property: Id(1)] string Xml);

[GrainType("console-keys")]
public sealed class ConsoleKeysGrain([PersistentState("console-keys", StorageNames.ClaimAudit)] IPersistentState<ConsoleKeysState> state)
    : Grain, IConsoleKeysGrain
{
    public Task<IReadOnlyList<string>> Elements() => Task.FromResult<IReadOnlyList<string>>(state.State.Elements.Select(e => e.Xml).ToList());

    public async Task Store(string friendlyName, string xml)
    {
        var elements = state.State.Elements;
        var at = elements.FindIndex(e => e.FriendlyName == friendlyName);
        if (at >= 0 && elements[at].Xml == xml)
            return;
        var element = new ConsoleKeyElement(friendlyName, xml);
        if (at >= 0)
            elements[at] = element;
        else
            elements.Add(element);
        await state.WriteStateAsync();
    }
}
