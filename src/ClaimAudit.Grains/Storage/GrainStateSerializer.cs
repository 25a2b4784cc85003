using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace ClaimAudit.Grains.Storage;

/// <summary>
/// How every ClaimAudit grain state is stored (AdoNet rows and the embedded memory storage alike): a versioned JSON
/// envelope, <c>{"claimaudit_state":1,"state":{…}}</c>, with no CLR type names in it. The state's members are named by
/// their declared types (snake_case; engine records by their national field names), so a collection the code built
/// with a collection expression reads back as a plain list, and renaming a C# type orphans nothing.
/// Rows written before this format (Newtonsoft.Json with embedded type names, Orleans' AdoNet default) are read by
/// <see cref="LegacyStateReader"/> and rewritten in this format by the grain's next write.
/// A state that cannot be decoded is not an exception here: it is reported to the read under way
/// (<see cref="StateReadScope"/>), so the storage answers an empty state that <see cref="CheckedGrainStorage"/> then
/// refuses to serve or overwrite.
/// </summary>
public sealed class GrainStateSerializer : IGrainStorageSerializer
{
    /// <summary>The format this build writes. A decoder for every earlier one stays here.</summary>
    public const int FormatVersion = 1;

    private const string VersionProperty = "claimaudit_state";
    private const string StateProperty = "state";

    /// <summary>
    /// The member contract of stored state. Unknown members are skipped, so a build rolled back during an upgrade
    /// still reads what a newer build wrote; times keep every tick (ISO 8601), amounts every digit.
    /// </summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public BinaryData Serialize<T>(T? input)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(VersionProperty, FormatVersion);
            writer.WritePropertyName(StateProperty);
            JsonSerializer.Serialize(writer, input, Options);
            writer.WriteEndObject();
        }
        return new BinaryData(buffer.WrittenMemory);
    }

    public T Deserialize<T>(BinaryData input)
    {
        try
        {
            return Decode<T>(input.ToMemory());
        }
        catch (Exception e) when (e is JsonException or Newtonsoft.Json.JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            // Only the failing position and the exception's type: a decoder's message can quote stored values.
            var path = e switch
            {
                JsonException json => json.Path,
                Newtonsoft.Json.JsonSerializationException legacy => legacy.Path,
                Newtonsoft.Json.JsonReaderException legacy => legacy.Path,
                _ => null,
            };
            StateReadScope.Report(typeof(T).Name, $"{e.GetType().Name}{(path is null ? "" : $" at {path}")}");
            return default!;
        }
    }

    private static T Decode<T>(ReadOnlyMemory<byte> payload)
    {
        var reader = new Utf8JsonReader(payload.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            throw new FormatException("not a stored grain state (a JSON object was expected)");
        if (reader.ValueTextEquals("$id") || reader.ValueTextEquals("$type"))
            return LegacyStateReader.Read<T>(payload);
        if (!reader.ValueTextEquals(VersionProperty) || !reader.Read() || !reader.TryGetInt32(out var version))
            throw new FormatException($"the stored state does not start with \"{VersionProperty}\"");
        if (version != FormatVersion)
            throw new FormatException($"stored state format {version} is not one this build reads (it writes {FormatVersion})");
        if (!reader.Read() || !reader.ValueTextEquals(StateProperty) || !reader.Read())
            throw new FormatException($"the stored state has no \"{StateProperty}\"");
        return JsonSerializer.Deserialize<T>(ref reader, Options)!;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            NumberHandling = JsonNumberHandling.Strict,
            // Chinese messages stay readable in the table (psql, pg_dump).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
