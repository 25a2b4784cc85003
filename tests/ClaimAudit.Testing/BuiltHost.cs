using ClaimAudit.Tools.Hosting;

namespace ClaimAudit.Testing;

/// <summary>The repository these tests run from, and its hosts started from their own build output.</summary>
public static class BuiltHost
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// Starts <c>src/{project}</c>'s build output (same configuration as the tests, its own appsettings.json) and waits
    /// until it answers /healthz.
    /// </summary>
    public static Task<HostProcess> StartAsync(string project, params string[] args) => StartAsync(project, () => args);

    /// <summary>As above, with arguments made afresh for each attempt (see <see cref="HostProcess.StartAsync"/>).</summary>
    public static Task<HostProcess> StartAsync(string project, Func<string[]> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/{configuration}/net10.0/
        var output = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0");
        return HostProcess.StartAsync(Path.Combine(output, project + ".dll"), args, limit: TimeSpan.FromSeconds(90), environment: environment);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Cluster.sln not found above the test binaries");
    }
}
