using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimAudit.Reference.Contracts;

/// <summary>
/// The one JSON shape of ClaimAudit: snake_case national field names, local times as <c>yyyy-MM-dd HH:mm:ss</c>,
/// enums as snake_case words. The gateway, the CLI files and the cluster's wire format all use these options.
/// </summary>
public static class NationalJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>An enum value as the national JSON writes it (<c>PendingReview</c> → <c>pending_review</c>), for columns, CSV and messages.</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Applies the national shape to options a framework owns (ASP.NET Core's HTTP JSON options).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        // Dictionary keys are data (rule kinds, codes), not member names: they stay as they are.
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new LocalTimeConverter());
    }

    private sealed class LocalTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            NationalTime.TryParseTime(reader.GetString(), out var value)
                ? value
                : throw new JsonException($"expected a local time as {NationalTime.TimeFormat}");

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(NationalTime.Format(value));
    }
}
