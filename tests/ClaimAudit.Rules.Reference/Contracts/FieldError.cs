namespace ClaimAudit.Reference.Contracts;

/// <summary>A rejected input field: its JSON path (e.g. <c>feedetail[3].cnt</c>) and why.</summary>
public sealed record FieldError(string Field, string Reason);
