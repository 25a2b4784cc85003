using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

using ClaimAudit.Testing;

namespace ClaimAudit.Silo.Tests;

/// <summary>No container engine runs here, so the deployment files are checked against the project instead.</summary>
public partial class DeploymentFilesTests
{
    private static readonly string Root = HostProcess.RepositoryRoot;

    private static YamlMappingNode Compose()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<(string Name, YamlMappingNode Service)> Services() =>
        ((YamlMappingNode)Compose()["services"]).Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, (YamlMappingNode)kv.Value));

    [Fact]
    public void Every_compose_build_names_a_dockerfile_and_context_that_exist()
    {
        foreach (var (name, service) in Services())
        {
            if (!service.Children.TryGetValue("build", out var build))
                continue;
            var context = Path.Combine(Root, ((YamlScalarNode)((YamlMappingNode)build)["context"]).Value!);
            var dockerfile = Path.Combine(context, ((YamlScalarNode)((YamlMappingNode)build)["dockerfile"]).Value!);
            Assert.True(Directory.Exists(context), $"{name}: build context {context} is missing");
            Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile} is missing");
        }
    }

    [Fact]
    public void Every_dockerfile_copies_and_starts_what_the_project_has()
    {
        foreach (var dockerfile in Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.Dockerfile", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(dockerfile);
            foreach (Match publish in PublishedProject().Matches(text))
                Assert.True(File.Exists(Path.Combine(Root, publish.Groups[1].Value)), $"{dockerfile}: {publish.Groups[1].Value} does not exist");
            foreach (Match copy in CopyFromContext().Matches(text))
                Assert.True(Directory.Exists(Path.Combine(Root, copy.Groups[1].Value)) || File.Exists(Path.Combine(Root, copy.Groups[1].Value)) || copy.Groups[1].Value == ".",
                    $"{dockerfile}: COPY {copy.Groups[1].Value} names nothing in the repository");
            var entry = Entrypoint().Match(text);
            Assert.True(entry.Success, $"{dockerfile} has no ENTRYPOINT [\"dotnet\", \"X.dll\"]");
            var assembly = entry.Groups[1].Value;
            Assert.True(File.Exists(Path.Combine(Root, "src", assembly, assembly + ".csproj")), $"{dockerfile}: ENTRYPOINT runs {assembly}.dll, which no project under src/ builds");
        }
    }

    [Fact]
    public void Compose_ports_match_what_the_images_expose_and_listen_on()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "docker", "silo.Dockerfile"));
        var exposed = Expose().Matches(dockerfile).Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var (name, service) in Services())
        {
            var urls = ((YamlScalarNode)((YamlMappingNode)service["environment"])["Urls"]).Value!;
            foreach (var mapping in ((YamlSequenceNode)service["ports"]).Select(p => ((YamlScalarNode)p).Value!))
            {
                var containerPort = mapping.Split(':')[^1];
                Assert.Contains(containerPort, exposed);
                Assert.EndsWith($":{containerPort}", urls);
            }
        }
    }

    [Fact]
    public void Compose_settings_are_settings_the_hosts_read()
    {
        var settings = File.ReadAllText(Path.Combine(Root, "src", "ClaimAudit.Silo", "appsettings.json"));
        foreach (var (_, service) in Services())
            foreach (var key in ((YamlMappingNode)service["environment"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
            {
                var top = key.Split("__")[0];
                Assert.True(settings.Contains($"\"{top}\""), $"compose sets {key}, but appsettings.json has no {top}");
            }
    }

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"^COPY (?!--from)(\S+) ", RegexOptions.Multiline)]
    private static partial Regex CopyFromContext();

    [GeneratedRegex(@"ENTRYPOINT \[""dotnet"", ""([\w.]+)\.dll""\]")]
    private static partial Regex Entrypoint();

    [GeneratedRegex(@"^EXPOSE (\d+)", RegexOptions.Multiline)]
    private static partial Regex Expose();
}
