using Microsoft.AspNetCore.Routing;

namespace ClaimAudit.Gateway.Console;

/// <summary>
/// The methods a console page answers (its handlers), as endpoint metadata: routing refuses any other with 405, and the
/// isolation test, which reads every endpoint's methods, sends each of them.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ConsoleMethodsAttribute(params string[] methods) : Attribute, IHttpMethodMetadata
{
    public IReadOnlyList<string> HttpMethods { get; } = methods;

    public bool AcceptCorsPreflight => false;
}
