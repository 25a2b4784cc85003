using System.Text.RegularExpressions;
using ClaimAudit.Testing;
using YamlDotNet.RepresentationModel;

namespace ClaimAudit.Silo.Tests;

/// <summary>
/// No container engine runs here, so docker-compose.yml, the Dockerfiles and the Kubernetes manifests are
/// checked against the project: every file, project, image, port, setting, command and probe they name exists.
/// The same topology runs as plain processes in tests/ClaimAudit.Cluster.Tests.
/// </summary>
public partial class DeploymentFilesTests
{
    private static readonly string Root = BuiltHost.RepositoryRoot;

    /// <summary>Images the project does not build, and why they are trusted.</summary>
    private static readonly Dictionary<string, string> ExternalImages = new()
    {
        ["postgres:15"] = "PostgreSQL 15, the version the tests run on",
        ["otel/opentelemetry-collector:0.115.0"] = "the optional OTLP collector",
    };

    /// <summary>Environment variables read by code rather than configuration sections.</summary>
    private static readonly HashSet<string> CodeEnvironment =
    [
        "CLAIMAUDIT_CONNECTION", // claimaudit db migrate
        "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", // Orleans Kubernetes hosting
        "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", // the postgres image
    ];

    private static YamlMappingNode Load(string relative)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Root, relative))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> KubernetesDocuments() => Directory.EnumerateFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml")
        .SelectMany(file =>
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
        });

    private static IEnumerable<(string Name, YamlMappingNode Service)> Services() =>
        ((YamlMappingNode)Load("docker-compose.yml")["services"]).Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, (YamlMappingNode)kv.Value));

    private static string? Scalar(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var v) ? (v as YamlScalarNode)?.Value : null;

    /// <summary>image → Dockerfile, from the compose services that build it.</summary>
    private static Dictionary<string, string> BuiltImages() => Services()
        .Where(s => s.Service.Children.ContainsKey("build"))
        .ToDictionary(s => Scalar(s.Service, "image")!, s => Path.Combine(Root, Scalar((YamlMappingNode)s.Service["build"], "dockerfile")!));

    /// <summary>The project a Dockerfile publishes, its output assembly and the ports it exposes.</summary>
    private static (string Project, string Assembly, HashSet<string> Exposed) Image(string dockerfile)
    {
        var text = File.ReadAllText(dockerfile);
        var project = Path.Combine(Root, PublishedProject().Match(text).Groups[1].Value);
        var csproj = File.ReadAllText(project);
        var assembly = AssemblyName().Match(csproj) is { Success: true } m ? m.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
        return (project, assembly, Expose().Matches(text).SelectMany(x => x.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet());
    }

    private static void AssertSettingExists(string image, string variable)
    {
        if (CodeEnvironment.Contains(variable) || variable == "Urls")
            return;
        var (project, _, _) = Image(BuiltImages()[image]);
        var settings = File.ReadAllText(Path.Combine(Path.GetDirectoryName(project)!, "appsettings.json"));
        var path = variable.Split("__");
        Assert.True(path.All(part => settings.Contains($"\"{part}\"")), $"{image} is given {variable}, but its appsettings.json has no {string.Join(":", path)}");
    }

    [Fact]
    public void Every_compose_build_names_a_dockerfile_and_context_that_exist()
    {
        foreach (var (name, service) in Services().Where(s => s.Service.Children.ContainsKey("build")))
        {
            var build = (YamlMappingNode)service["build"];
            Assert.True(Directory.Exists(Path.Combine(Root, Scalar(build, "context")!)), $"{name}: build context is missing");
            Assert.True(File.Exists(Path.Combine(Root, Scalar(build, "dockerfile")!)), $"{name}: Dockerfile is missing");
        }
    }

    [Fact]
    public void Every_compose_image_is_built_here_or_a_known_external_one()
    {
        var built = BuiltImages();
        foreach (var (name, service) in Services())
        {
            var image = Scalar(service, "image")!;
            Assert.True(built.ContainsKey(image) || ExternalImages.ContainsKey(image), $"{name}: image {image} is neither built by the compose file nor a known external image");
        }
    }

    [Fact]
    public void Every_dockerfile_copies_publishes_and_starts_what_the_project_has()
    {
        foreach (var dockerfile in Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.Dockerfile", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(dockerfile);
            foreach (Match copy in CopyFromContext().Matches(text))
                Assert.True(copy.Groups[1].Value == "." || Directory.Exists(Path.Combine(Root, copy.Groups[1].Value)) || File.Exists(Path.Combine(Root, copy.Groups[1].Value)),
                    $"{dockerfile}: COPY {copy.Groups[1].Value} names nothing in the repository");
            var (project, assembly, _) = Image(dockerfile);
            Assert.True(File.Exists(project), $"{dockerfile}: publishes {project}, which does not exist");
            Assert.Equal(assembly, Entrypoint().Match(text).Groups[1].Value);
        }
    }

    [Fact]
    public void Compose_ports_settings_commands_and_mounts_exist_in_the_project()
    {
        var built = BuiltImages();
        foreach (var (name, service) in Services())
        {
            var image = Scalar(service, "image")!;
            var environment = service.Children.TryGetValue("environment", out var env)
                ? ((YamlMappingNode)env).Children.Where(kv => ((YamlScalarNode)kv.Key).Value != "<<").ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (kv.Value as YamlScalarNode)?.Value)
                : [];
            if (service.Children.TryGetValue("environment", out env) && ((YamlMappingNode)env).Children.TryGetValue("<<", out var merged))
                foreach (var kv in ((YamlMappingNode)merged).Children)
                    environment[((YamlScalarNode)kv.Key).Value!] = (kv.Value as YamlScalarNode)?.Value;
            if (!built.TryGetValue(image, out var dockerfile))
                continue;
            var (_, _, exposed) = Image(dockerfile);
            foreach (var variable in environment.Keys)
                AssertSettingExists(image, variable);
            if (service.Children.TryGetValue("ports", out var ports))
                foreach (var mapping in ((YamlSequenceNode)ports).Select(p => ((YamlScalarNode)p).Value!))
                {
                    var containerPort = mapping.Split(':')[^1];
                    Assert.Contains(containerPort, exposed);
                    Assert.EndsWith($":{containerPort}", environment["Urls"]);
                }
            if (service.Children.TryGetValue("command", out var command))
                AssertCliCommand(((YamlSequenceNode)command).Select(c => ((YamlScalarNode)c).Value!).ToArray());
        }
        foreach (var (_, service) in Services())
            if (service.Children.TryGetValue("volumes", out var volumes))
                foreach (var mount in ((YamlSequenceNode)volumes).Select(v => ((YamlScalarNode)v).Value!).Where(v => v.StartsWith("./", StringComparison.Ordinal)))
                    Assert.True(File.Exists(Path.Combine(Root, mount.Split(':')[0])), $"compose mounts {mount}, which does not exist");
    }

    [Fact]
    public void Kubernetes_manifests_use_built_images_exposed_ports_known_settings_and_real_probes()
    {
        var built = BuiltImages();
        var endpoints = File.ReadAllText(Path.Combine(Root, "src", "ClaimAudit.Gateway", "Observability.cs"));
        var containers = KubernetesDocuments()
            .Where(d => Scalar(d, "kind") is "Deployment" or "Job")
            .SelectMany(d => (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)d["spec"])["template"])["spec"])["containers"])
            .Cast<YamlMappingNode>()
            .ToList();
        Assert.Equal(3, containers.Count);
        foreach (var container in containers)
        {
            var image = Scalar(container, "image")!;
            Assert.True(built.ContainsKey(image), $"k8s runs {image}, which docker-compose.yml does not build");
            var (_, _, exposed) = Image(built[image]);
            if (container.Children.TryGetValue("ports", out var ports))
                foreach (YamlMappingNode port in (YamlSequenceNode)ports)
                    Assert.Contains(Scalar(port, "containerPort")!, exposed);
            if (container.Children.TryGetValue("env", out var env))
                foreach (YamlMappingNode variable in (YamlSequenceNode)env)
                    AssertSettingExists(image, Scalar(variable, "name")!);
            foreach (var probe in new[] { "readinessProbe", "livenessProbe" }.Where(p => container.Children.ContainsKey(p)))
            {
                var path = Scalar((YamlMappingNode)((YamlMappingNode)container[probe])["httpGet"], "path")!;
                Assert.Contains($"\"{path}\"", endpoints);
            }
            if (container.Children.TryGetValue("args", out var args))
                AssertCliCommand(((YamlSequenceNode)args).Select(a => ((YamlScalarNode)a).Value!).ToArray());
        }
    }

    /// <summary>A CLI command line names commands the CLI defines (new Command("db" …) and new Command("migrate" …)).</summary>
    private static void AssertCliCommand(string[] words)
    {
        var sources = string.Concat(Directory.EnumerateFiles(Path.Combine(Root, "src", "ClaimAudit.Cli", "Commands"), "*.cs").Select(File.ReadAllText));
        foreach (var word in words.Where(w => !w.StartsWith('-')))
            Assert.True(sources.Contains($"new Command(\"{word}\""), $"the CLI has no command '{word}'");
    }

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"<AssemblyName>([^<]+)</AssemblyName>")]
    private static partial Regex AssemblyName();

    [GeneratedRegex(@"^COPY (?!--from)(\S+) ", RegexOptions.Multiline)]
    private static partial Regex CopyFromContext();

    [GeneratedRegex(@"ENTRYPOINT \[""dotnet"", ""([\w.]+)\.dll""\]")]
    private static partial Regex Entrypoint();

    [GeneratedRegex(@"^EXPOSE ([\d ]+)", RegexOptions.Multiline)]
    private static partial Regex Expose();
}
