using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ClaimAudit.Testing;

namespace ClaimAudit.Silo.Tests.Architecture;

/// <summary>
/// References run one way — hosts → implementations → abstractions → engine — and the gateway, an Orleans client,
/// reaches neither the silo runtime, nor grain implementations, nor SQL. Read from the project files as they are
/// and from the gateway assembly as it was built.
/// </summary>
public class ProjectReferencesTests
{
    /// <summary>Which projects each project may reference directly. A project missing here fails the test too.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["ClaimAudit.Rules"] = [],
        ["ClaimAudit.Abstractions"] = ["ClaimAudit.Rules"],
        ["ClaimAudit.Grains"] = ["ClaimAudit.Abstractions"],
        ["ClaimAudit.Persistence"] = ["ClaimAudit.Grains"],
        ["ClaimAudit.Gateway"] = ["ClaimAudit.Abstractions", "ClaimAudit.Imports"],
        ["ClaimAudit.Silo"] = ["ClaimAudit.Gateway", "ClaimAudit.Grains", "ClaimAudit.Persistence"],
        ["ClaimAudit.Imports"] = ["ClaimAudit.Rules"],
        ["ClaimAudit.Cli"] = ["ClaimAudit.Silo", "ClaimAudit.Imports"],
        ["ClaimAudit.Tools.Generation"] = ["ClaimAudit.Rules"],
        ["ClaimAudit.Tools"] = ["ClaimAudit.Cli", "ClaimAudit.Tools.Generation"],
    };

    private static readonly string[] NotForTheGateway =
        ["ClaimAudit.Grains", "ClaimAudit.Persistence", "ClaimAudit.Silo", "ClaimAudit.Cli", "ClaimAudit.Tools"];

    private static readonly string[] SiloPackages =
        ["Microsoft.Orleans.Server", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Persistence.AdoNet", "Microsoft.Orleans.Persistence.Memory"];

    private sealed record ProjectFile(string Name, string Path, IReadOnlyList<string> Projects, IReadOnlyList<(string Package, string? ExcludeAssets)> Packages);

    private static readonly Dictionary<string, ProjectFile> Projects = ReadProjects(BuiltHost.RepositoryRoot);

    private static Dictionary<string, ProjectFile> ReadProjects(string root) =>
        new[] { "src", "tools" }.Select(folder => Path.Combine(root, folder)).Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(path =>
            {
                var xml = XDocument.Load(path);
                var projects = xml.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/'))).ToList();
                var packages = xml.Descendants("PackageReference").Select(r => (r.Attribute("Include")!.Value, r.Attribute("ExcludeAssets")?.Value)).ToList();
                return new ProjectFile(Path.GetFileNameWithoutExtension(path), path, projects, packages);
            })
            .ToDictionary(p => p.Name);

    private static IEnumerable<ProjectFile> Closure(string name)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([name]);
        while (stack.TryPop(out var next))
            if (seen.Add(next) && Projects.TryGetValue(next, out var project))
            {
                yield return project;
                foreach (var reference in project.Projects)
                    stack.Push(reference);
            }
    }

    [Fact]
    public void Every_project_references_only_the_layers_below_it()
    {
        Assert.NotEmpty(Projects);
        var wrong = Projects.Values
            .SelectMany(p => Allowed.TryGetValue(p.Name, out var allowed)
                ? p.Projects.Where(r => !allowed.Contains(r)).Select(r => $"{p.Name} → {r}")
                : [$"{p.Name} is not placed in a layer"])
            .ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void The_engine_knows_nothing_of_orleans_http_or_sql()
    {
        var packages = Closure("ClaimAudit.Rules").SelectMany(p => p.Packages).Select(p => p.Package).ToList();
        Assert.DoesNotContain(packages, p => p.StartsWith("Microsoft.Orleans") || p.StartsWith("Microsoft.AspNetCore") || p.StartsWith("Npgsql"));
    }

    [Fact]
    public void The_gateway_reaches_no_grain_implementation_no_silo_runtime_and_compiles_against_no_sql_driver()
    {
        var closure = Closure("ClaimAudit.Gateway").ToList();
        var packages = closure.SelectMany(p => p.Packages).ToList();

        Assert.DoesNotContain(closure, p => NotForTheGateway.Contains(p.Name));
        Assert.DoesNotContain(packages, p => SiloPackages.Contains(p.Package));
        // Npgsql ships with the gateway for Orleans' AdoNet clustering to load by name; nothing compiles against it.
        Assert.All(packages.Where(p => p.Package == "Npgsql"), p => Assert.Contains("compile", p.ExcludeAssets ?? ""));
    }

    [Fact]
    public void The_built_gateway_assembly_references_no_grain_implementation_storage_or_silo_runtime()
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "ClaimAudit.Gateway.dll"));
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();

        Assert.Contains("ClaimAudit.Abstractions", references);
        Assert.DoesNotContain(references, r => r is "ClaimAudit.Grains" or "ClaimAudit.Persistence" or "Npgsql" or "Orleans.Runtime" or "Orleans.Persistence.AdoNet");
    }
}
