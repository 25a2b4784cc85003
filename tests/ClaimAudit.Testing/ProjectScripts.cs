using System.Diagnostics;

namespace ClaimAudit.Testing;

/// <summary>The project's own scripts (deploy/scripts/) and the tools they drive, run as a test needs them: output read, failure thrown with what the command said.</summary>
public static class ProjectScripts
{
    /// <summary>Runs deploy/scripts/<paramref name="script"/> and answers the last line it printed (the path the ensure-* scripts answer).</summary>
    public static string Ensure(string script) =>
        Run("bash", [Path.Combine(BuiltHost.RepositoryRoot, "deploy", "scripts", script)]).Trim().Split('\n')[^1];

    public static string Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {error.Result}{output.Result}");
        return output.Result;
    }
}
