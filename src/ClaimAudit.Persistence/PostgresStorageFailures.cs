using System.Globalization;
using ClaimAudit.Grains.Storage;
using Npgsql;

namespace ClaimAudit.Persistence;

/// <summary>
/// PostgreSQL did not answer: the connection was refused or dropped, a command timed out, or the server said it is
/// shutting down or starting (SQLSTATE classes 08 and 57, and whatever Npgsql marks transient). A constraint or a
/// syntax error is not an outage and stays what it is.
/// </summary>
public sealed class PostgresStorageFailures : IStorageFailureClassifier
{
    public bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException server => server.IsTransient || server.SqlState.StartsWith("08", StringComparison.Ordinal) || server.SqlState.StartsWith("57", StringComparison.Ordinal),
        NpgsqlException => true,
        System.Net.Sockets.SocketException => true,
        AggregateException many => many.InnerExceptions.Any(IsUnavailable),
        { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };

    /// <summary>The Orleans tables number a grain's versions 1, 2, 3, … (<c>deploy/sql/003-orleans-persistence.sql</c>).</summary>
    public bool IsVersionAfter(string? etag, string? stored) =>
        int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var version) &&
        (string.IsNullOrEmpty(etag) ? version == 1 : int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var before) && version == before + 1);
}
