using ClaimAudit.Reference.Contracts;

namespace ClaimAudit.Reference.RuleSets;

/// <summary>One rule instance of a rule set (docs/rules.md): which kind runs, with which parameters and severity, when.</summary>
public sealed record RuleDefinition(
    string Id,
    string Kind,
    string Name,
    Severity Severity,
    RuleParams Params,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    string Basis,
    string Source)
{
    /// <summary>Effective dates are compared with the fee's date, so a re-audit of last year uses last year's rules.</summary>
    public bool IsEffectiveOn(DateOnly date) =>
        (EffectiveFrom is not { } from || date >= from) && (EffectiveTo is not { } to || date <= to);
}

/// <summary>A rule's <c>params</c> block, read with the defaults docs/rules.md gives when a key is absent.</summary>
public sealed class RuleParams(IReadOnlyDictionary<string, object?> values, string source)
{
    public static RuleParams None { get; } = new(new Dictionary<string, object?>(), "");

    public IReadOnlyDictionary<string, object?> Values { get; } = values;

    public int Int(string key, int fallback) => Values.TryGetValue(key, out var v) && v is not null
        ? int.TryParse(v.ToString(), out var i) ? i : throw Invalid(key, "a whole number")
        : fallback;

    public decimal Decimal(string key, decimal fallback) => Values.TryGetValue(key, out var v) && v is not null
        ? decimal.TryParse(v.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : throw Invalid(key, "a number")
        : fallback;

    public string String(string key, string fallback) => Values.TryGetValue(key, out var v) && v is not null ? v.ToString()! : fallback;

    public IReadOnlyList<string> List(string key, IReadOnlyList<string> fallback) => Values.TryGetValue(key, out var v) switch
    {
        false => fallback,
        true when v is IEnumerable<object?> items => items.Select(i => i?.ToString() ?? "").ToList(),
        true when v is null => [],
        _ => throw Invalid(key, "a list"),
    };

    private InvalidOperationException Invalid(string key, string expected) => new($"{source}: params.{key} must be {expected}");
}
