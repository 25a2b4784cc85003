using System.Text.Json;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Api;

/// <summary>Reads a request body as JSON; a body that is not JSON is a 400 naming where it broke.</summary>
internal static class RequestBody
{
    public static async Task<(JsonElement Body, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, Problems.Invalid([new FieldError("$", $"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})")]));
        }
    }

    /// <summary>As <see cref="ReadAsync"/>, for a body that must be a JSON object.</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadAsync(request, cancellationToken);
        return error is null && body.ValueKind != JsonValueKind.Object
            ? (body, Problems.Invalid([new FieldError("$", "expected a JSON object")]))
            : (body, error);
    }
}

/// <summary>Query-string parameters read as national fields: a value over its length or with control characters is an error naming the parameter.</summary>
internal static class QueryText
{
    public static string? Read(HttpRequest request, string name, List<FieldError> errors)
    {
        var value = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(value))
            return null;
        if (NationalFieldLengths.Check(name, value) is { } reason)
        {
            errors.Add(new FieldError(name, reason));
            return null;
        }
        return value;
    }
}

/// <summary>Problem-details answers (RFC 9457) with every bad field named by its JSON path.</summary>
internal static class Problems
{
    public static IResult Invalid(IEnumerable<FieldError> errors) => TypedResults.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
        title: "One or more fields are invalid.");

    /// <summary>
    /// One answer for "not there" and "not yours": the same words, never the identifiers asked for, so a caller cannot
    /// tell another institution's resource from one that does not exist.
    /// </summary>
    public static IResult NotFound(string subject) => TypedResults.Problem(
        subject switch
        {
            "episode" => "No such episode is known to you (an episode exists once admitted: POST /api/v1/episodes).",
            _ => $"No such {subject} is known to you.",
        },
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found.");
}
