using System.Diagnostics;

namespace ClaimAudit.Testing;

/// <summary>The built <c>claimaudit</c> program, run from the repository root as a user runs it.</summary>
public static class Claimaudit
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "claimaudit.dll"), .. args])
        {
            WorkingDirectory = BuiltHost.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["COLUMNS"] = "160";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
