namespace ClaimAudit.Abstractions;

/// <summary>
/// The storage did not answer (the database is down, restarting or failing over): nothing of the call was made
/// durable that its caller was told of, and the same call may be sent again later. The gateway answers 503 with
/// Retry-After.
/// </summary>
[GenerateSerializer, Alias("ClaimAudit.StorageUnavailableException")]
public sealed class StorageUnavailableException() : Exception("the storage did not answer; send the request again later");
