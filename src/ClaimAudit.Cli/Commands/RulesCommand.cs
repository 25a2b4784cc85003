using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Cli.Commands;

/// <summary>
/// <c>claimaudit rules check [--rules DIR]</c>: load and validate rules/ as a silo would.
/// <c>claimaudit rules reload [--url URL] [--api-key KEY]</c>: ask a running cluster to reload its rules.
/// </summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var rulesDir = new Option<DirectoryInfo?>("--rules") { Description = "The rules/ folder (default: found beside the program or above the current folder)" };
        var check = new Command("check", "Load rule sets, regional overrides and knowledge; report versions, or the first error as file:line") { rulesDir };
        check.SetAction(parse => Check(parse.GetValue(rulesDir)));

        var url = GatewayUrl.Option();
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "An admin key (default: the CLAIMAUDIT_API_KEY environment variable)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CLAIMAUDIT_API_KEY"),
        };
        var reload = new Command("reload", "Reload rules/ on every silo of a running cluster; a broken file is refused and the previous sets keep running") { url, apiKey };
        reload.SetAction((parse, cancellationToken) => Reload(parse.GetValue(url)!, parse.GetValue(apiKey), cancellationToken));

        return new Command("rules", "Rule sets: validate files, reload a running cluster") { check, reload };
    }

    private static int Check(DirectoryInfo? rules)
    {
        try
        {
            var root = RuleSetLoader.LocateRulesRoot(rules?.FullName);
            var catalog = RuleSetLoader.LoadCatalog(root);
            foreach (var set in catalog.All)
                Console.WriteLine($"{set.Version}: {set.Name} — {set.Rules.Count} rules ({string.Join(", ", set.Rules.Select(r => r.Definition.Kind).Distinct().Order())})");
            foreach (var file in catalog.National.Knowledge.Files)
                Console.WriteLine($"  {file.Path}: {file.Layout}, {file.Rows} rows");
            return 0;
        }
        catch (RulesLoadException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static async Task<int> Reload(Uri url, string? apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            Console.Error.WriteLine("an admin key is needed: --api-key KEY or CLAIMAUDIT_API_KEY");
            return 2;
        }
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        using var response = await http.PostAsync("/api/v1/admin/rulesets/reload", null, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            Console.WriteLine($"reloaded: generation {body?["generation"]}, national {body?["national_version"]}, regions {body?["region_versions"]?.ToJsonString()}");
            return 0;
        }
        Console.Error.WriteLine($"refused: {body?["detail"] ?? response.ReasonPhrase}");
        return 1;
    }
}
