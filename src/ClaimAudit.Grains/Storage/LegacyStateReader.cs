using System.Text;
using Newtonsoft.Json;

namespace ClaimAudit.Grains.Storage;

/// <summary>
/// Reads grain state rows written before <see cref="GrainStateSerializer"/>: Orleans' AdoNet default, Newtonsoft.Json
/// with <c>$id</c>/<c>$type</c>/<c>$values</c>/<c>$ref</c> metadata. The embedded type names are ignored and every
/// member is read as the type the state declares, so a list the code built with a collection expression
/// (<c>&lt;&gt;z__ReadOnlySingleElementList`1</c>, which Newtonsoft cannot construct) reads back as a list.
/// References (<c>$ref</c>) still resolve.
/// </summary>
internal static class LegacyStateReader
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        MetadataPropertyHandling = MetadataPropertyHandling.Default,
        MissingMemberHandling = MissingMemberHandling.Ignore,
        NullValueHandling = NullValueHandling.Ignore,
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        DateParseHandling = DateParseHandling.DateTime,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        FloatParseHandling = FloatParseHandling.Decimal,
    });

    public static T Read<T>(ReadOnlyMemory<byte> payload)
    {
        using var text = new StringReader(Encoding.UTF8.GetString(payload.Span));
        using var reader = new JsonTextReader(text);
        return Serializer.Deserialize<T>(reader)
            ?? throw new JsonSerializationException("the stored state is null");
    }
}
