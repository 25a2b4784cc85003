using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClaimAudit.Gateway.National;

/// <summary>
/// The national platform's message envelope (接口规范 通用输入/输出): <c>infno</c>, <c>msgid</c>, <c>inf_time</c>,
/// <c>fixmedins_code</c>, <c>opter</c>… around <c>input</c>; answered with <c>infcode</c> 0 and <c>output</c>, or
/// <c>infcode</c> -1 and <c>err_msg</c> naming every bad field by its path, <c>inf_refmsgid</c> echoing <c>msgid</c>.
/// </summary>
public sealed record NationalEnvelope(
    string Infno,
    string Msgid,
    string FixmedinsCode,
    DateTime InfTime,
    string? Opter,
    string? OpterName,
    JsonElement Input)
{
    /// <summary>Reads the envelope of a message sent to <paramref name="infno"/>; <paramref name="msgid"/> is whatever could be read, for the answer.</summary>
    public static (NationalEnvelope? Envelope, string? Msgid, IReadOnlyList<FieldError> Errors) Read(JsonElement body, string infno)
    {
        var reader = new NationalReader();
        if (body.ValueKind != JsonValueKind.Object)
            return (null, null, [new FieldError("$", "expected the platform envelope, a JSON object")]);
        var msgid = reader.Text(body, "", "msgid", required: true);
        var sent = reader.Text(body, "", "infno", required: true);
        if (sent is not null && sent != infno)
            reader.Fail("infno", $"'{sent}' differs from the interface called ({infno})");
        var fixmedins = reader.Text(body, "", "fixmedins_code", required: true);
        var infTime = reader.Time(body, "", "inf_time", required: true);
        var opter = reader.Text(body, "", "opter", required: false);
        var opterName = reader.Text(body, "", "opter_name", required: false);
        if (!body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
            reader.Fail("input", "is required and must be a JSON object");
        return reader.HasErrors
            ? (null, msgid, reader.Errors)
            : (new NationalEnvelope(infno, msgid!, fixmedins!, infTime!.Value, opter, opterName, input), msgid, []);
    }

    /// <summary>The sending institution's code as written, before the envelope is read (to refuse another's at once).</summary>
    public static string? SenderOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("fixmedins_code", out var code) && code.ValueKind == JsonValueKind.String
            ? code.GetString()!.Trim()
            : null;
}

/// <summary>Answers in the envelope, HTTP 200 either way (the platform's convention: the HIS reads <c>infcode</c>).</summary>
public static class NationalAnswer
{
    /// <summary>Success; <paramref name="warning"/> (<c>warn_msg</c>) names what was refused of a message that otherwise went through.</summary>
    public static IResult Success(string msgid, DateTime received, JsonObject output, TimeProvider clock, string? warning = null) =>
        Envelope(0, msgid, received, null, output, [], clock, warning);

    public static IResult Failure(string? msgid, DateTime received, string message, IReadOnlyList<FieldError> errors, TimeProvider clock, JsonObject? output = null) =>
        Envelope(-1, msgid, received, message, output, errors, clock);

    /// <summary>Bad fields: <c>err_msg</c> names each by its path; <c>err_fields</c> lists them for a program to read.</summary>
    public static IResult Invalid(string? msgid, DateTime received, IReadOnlyList<FieldError> errors, TimeProvider clock, JsonObject? output = null) =>
        Failure(msgid, received, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")), errors, clock, output);

    private static JsonHttpResult<JsonObject> Envelope(int infcode, string? msgid, DateTime received, string? message, JsonObject? output, IReadOnlyList<FieldError> errors,
        TimeProvider clock, string? warning = null)
    {
        var answer = new JsonObject
        {
            ["infcode"] = infcode,
            ["inf_refmsgid"] = msgid,
            ["refmsg_time"] = NationalTime.Format(received),
            ["respond_time"] = NationalTime.Format(clock.GetLocalNow().DateTime),
            ["err_msg"] = message,
            ["warn_msg"] = warning,
            ["output"] = output ?? new JsonObject(),
        };
        if (errors.Count > 0)
            answer["err_fields"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["field"] = e.Field, ["reason"] = e.Reason }).ToArray());
        return TypedResults.Json(answer, statusCode: StatusCodes.Status200OK);
    }
}
