using System.CommandLine;

namespace ClaimAudit.Cli.Commands;

/// <summary><c>--url</c>: a running cluster's gateway (System.CommandLine has no parser of its own for <see cref="Uri"/>).</summary>
public static class GatewayUrl
{
    public static Option<Uri> Option() => new("--url")
    {
        Description = "The gateway's address",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                return uri;
            result.AddError($"--url '{text}' is not an http(s) address");
            return null;
        },
    };
}
