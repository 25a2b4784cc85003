using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Gateway.Tests;

/// <summary>The embedded default over a private copy of rules/, so a test may break and mend the files.</summary>
public sealed class ReloadableRulesFixture : GatewayFixture
{
    public string RulesPath { get; } = Directory.CreateTempSubdirectory("claimaudit-rules-").FullName;

    public string NationalFile => Path.Combine(RulesPath, "rulesets", "national.yaml");

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["ClaimAudit:RulesPath"] = RulesPath;
        return settings;
    }

    public override Task InitializeAsync()
    {
        var source = RuleSetLoader.LocateRulesRoot();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(RulesPath, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(RulesPath, recursive: true);
    }
}

public class RuleSetsApiTests(ReloadableRulesFixture fixture) : IClassFixture<ReloadableRulesFixture>
{
    [Fact]
    public async Task A_broken_rule_file_is_refused_with_file_and_line_and_the_previous_set_keeps_running_until_a_good_reload()
    {
        var original = await File.ReadAllTextAsync(fixture.NationalFile);
        var before = await fixture.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/rulesets");

        HttpResponseMessage refused, accepted;
        JsonObject? problem, during, after;
        try
        {
            await File.WriteAllTextAsync(fixture.NationalFile, original.Replace("kind: limit.age", "kind: limit.colour"));
            refused = await fixture.Http.PostAsync("/api/v1/admin/rulesets/reload", null);
            problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
            during = await fixture.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/rulesets");

            await File.WriteAllTextAsync(fixture.NationalFile, original.Replace("version: \"2026.11.1\"", "version: \"2026.11.2\""));
            accepted = await fixture.Http.PostAsync("/api/v1/admin/rulesets/reload", null);
            after = await accepted.Content.ReadFromJsonAsync<JsonObject>();
        }
        finally
        {
            await File.WriteAllTextAsync(fixture.NationalFile, original);
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("rulesets/national.yaml", (string?)problem!["file"]);
        Assert.True((int)problem["line"]! > 1);
        Assert.Contains("limit.colour", (string?)problem["detail"]);
        Assert.Equal((string?)before!["national_version"], (string?)during!["national_version"]);
        Assert.Equal((int)before["generation"]!, (int)during["generation"]!);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("2026.11.2", (string?)after!["national_version"]);
        Assert.Equal((int)before["generation"]! + 1, (int)after["generation"]!);
    }

    [Fact]
    public async Task An_episode_admitted_before_a_reload_is_judged_by_the_new_version_afterwards()
    {
        var mdtrt = $"M{Guid.NewGuid():N}"[..16];
        (await fixture.Http.PostAsJsonAsync("/api/v1/episodes", new
        {
            fixmedins_code = "H1", mdtrt_id = mdtrt, psn_no = $"P{mdtrt}", gend = "1", brdy = "1980-05-01", insutype = "310", med_type = "21",
            begntime = "2026-03-01 08:00:00", diseinfo = new[] { new { diag_type = "1", maindiag_flag = "1", diag_code = "J18.900" } },
        })).EnsureSuccessStatusCode();
        var line = new { feedetail = new[] { new { feedetl_sn = "1", fee_ocur_time = "2026-03-02 10:00:00", med_list_codg = "ZD03AAA0043010100166", med_chrgitm_type = "11", cnt = 1, pric = 25 } } };
        (await fixture.Http.PostAsJsonAsync($"/api/v1/episodes/H1/{mdtrt}/fee-lines", line)).EnsureSuccessStatusCode();

        var original = await File.ReadAllTextAsync(fixture.NationalFile);
        try
        {
            await File.WriteAllTextAsync(fixture.NationalFile, original.Replace("version: \"2026.11.1\"", "version: \"2026.11.9\""));
            (await fixture.Http.PostAsync("/api/v1/admin/rulesets/reload", null)).EnsureSuccessStatusCode();

            var episode = await fixture.Http.GetFromJsonAsync<JsonObject>($"/api/v1/episodes/H1/{mdtrt}");

            Assert.Equal("2026.11.9", (string?)episode!["rule_set_version"]);
            Assert.Equal("2026.11.9", (string?)episode["findings"]![0]!["rule_set_version"]);
        }
        finally
        {
            await File.WriteAllTextAsync(fixture.NationalFile, original);
            await fixture.Http.PostAsync("/api/v1/admin/rulesets/reload", null);
        }
    }
}
