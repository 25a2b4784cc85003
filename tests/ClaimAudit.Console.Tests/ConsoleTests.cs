using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ClaimAudit.Console.Tests;

/// <summary>The console in Chromium, against the embedded default loaded with the sample province. Every expected value comes from the HTTP API, not from the page.</summary>
[Collection(ConsoleCollection.Name)]
public class ConsoleTests(ConsoleFixture fixture)
{
    private static decimal Amount(string text) => decimal.Parse(text.Replace("元", "").Replace(",", "").Trim(), CultureInfo.InvariantCulture);

    private async Task<JsonObject> Get(string key, string path)
    {
        using var http = fixture.Api(key);
        var node = (await http.GetFromJsonAsync<JsonNode>(path))!;
        return node as JsonObject ?? new JsonObject { ["root"] = node };
    }

    private async Task<decimal> Deduction(string code, string mdtrt) =>
        (decimal)(await Get(ConsoleFixture.AdminKey, $"/api/v1/episodes/{code}/{mdtrt}"))["totals"]!["deduction"]!;

    [Fact]
    public async Task A_reviewer_filters_the_queue_opens_a_finding_sees_its_lines_at_fault_and_confirming_it_moves_the_count_and_the_deduction()
    {
        var page = await fixture.SignedInAsync(ConsoleFixture.ReviewerKey);
        await page.GotoAsync("/console/reviews");
        await page.SelectOptionAsync("select[name=severity]", "suspicious");
        await page.FillAsync("input[name=min_amount]", "0.01");
        await page.ClickAsync("button[accesskey=f]");
        await page.WaitForURLAsync(url => url.Contains("severity=suspicious", StringComparison.Ordinal));
        var queue = page.Url;
        var expected = await Get(ConsoleFixture.ReviewerKey, "/api/v1/findings/counts?severity=suspicious&min_amount=0.01");
        var pendingBefore = int.Parse((await page.TextContentAsync("[data-status=pending_review]"))!, CultureInfo.InvariantCulture);
        var rows = page.Locator("table.findings tbody tr[data-finding]");
        Assert.Equal((int)expected["pending_review"]!, pendingBefore);
        Assert.True(await rows.CountAsync() > 0);
        Assert.All(await page.Locator("table.findings tbody .badge").AllTextContentsAsync(), badge => Assert.Equal("可疑", badge));
        // Keyboard: j moves to the first row, x selects it.
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("x");
        Assert.True(await rows.First.Locator("input[name=ids]").IsCheckedAsync());
        await ConsoleFixture.ScreenshotAsync(page, "review-queue");

        var id = (await rows.First.GetAttributeAsync("data-finding"))!;
        var finding = (await Get(ConsoleFixture.ReviewerKey, $"/api/v1/findings/{id}"))["finding"]!;
        var (code, mdtrt) = ((string)finding["fixmedins_code"]!, (string)finding["mdtrt_id"]!);
        var lines = (await Get(ConsoleFixture.ReviewerKey, $"/api/v1/episodes/{code}/{mdtrt}/fee-lines"))["feedetail"]!.AsArray().Select(l => (string)l!["feedetl_sn"]!).ToHashSet();
        var atFault = finding["feedetl_sns"]!.AsArray().Select(s => (string)s!).Where(lines.Contains).Order().ToList();
        var involved = finding["related_sns"]!.AsArray().Select(s => (string)s!).Where(s => lines.Contains(s) && !atFault.Contains(s)).Order().ToList();
        var before = await Deduction(code, mdtrt);
        await rows.First.Locator("a.open").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/console/findings/" + id, StringComparison.Ordinal));

        Assert.Equal(atFault, (await page.Locator("#timeline tr.fault").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sn)")).Order());
        Assert.Equal(involved, (await page.Locator("#timeline tr.related").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sn)")).Order());
        Assert.NotEmpty(atFault);
        Assert.Equal(before, Amount((await page.TextContentAsync("#deduction"))!));
        Assert.Equal("待审核", await page.TextContentAsync("#status"));
        await ConsoleFixture.ScreenshotAsync(page, "finding-detail");

        await page.FillAsync("#reason", "病历无相应指征");
        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("已确认");
        var after = await Deduction(code, mdtrt);
        Assert.True(after > before, $"deduction {before} → {after}");
        Assert.Equal(after, Amount((await page.TextContentAsync("#deduction"))!));
        Assert.Equal("confirmed", (string?)(await Get(ConsoleFixture.AdminKey, $"/api/v1/findings/{id}"))["finding"]!["status"]);

        await page.GotoAsync(queue); // the queue as filtered, asked again
        Assert.Equal(pendingBefore - 1, int.Parse((await page.TextContentAsync("[data-status=pending_review]"))!, CultureInfo.InvariantCulture));
        Assert.Equal(0, await page.Locator($"tr[data-finding='{id}']").CountAsync());
    }

    [Fact]
    public async Task A_hospital_sees_only_its_own_episodes_appeals_a_finding_and_the_reviewer_sees_the_appeal_and_overturns_it()
    {
        var hospital = await fixture.SignedInAsync(ConsoleFixture.HospitalAKey);
        await hospital.GotoAsync("/console/hospital?status=open");
        var links = await hospital.Locator("#hospital-findings a[href*='/console/episodes/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);
        Assert.All(links, href => Assert.StartsWith($"/console/episodes/{ConsoleFixture.CodeA}/", href));

        // Another hospital's episode and finding: not found, as if they did not exist.
        var ofB = (await Get(ConsoleFixture.AdminKey, $"/api/v1/findings?fixmedins_code={ConsoleFixture.CodeB}&page_size=1"))["items"]![0]!["finding"]!;
        var episodeOfB = await hospital.GotoAsync($"/console/episodes/{ConsoleFixture.CodeB}/{(string)ofB["mdtrt_id"]!}");
        Assert.Equal((int)HttpStatusCode.NotFound, episodeOfB!.Status);
        Assert.Contains("未找到", await hospital.TextContentAsync("main"));
        Assert.DoesNotContain((string)ofB["psn_no"]!, await hospital.ContentAsync());
        await ConsoleFixture.ScreenshotAsync(hospital, "hospital-other-episode-not-found");
        var findingOfB = await hospital.GotoAsync($"/console/findings/{(string)ofB["finding_id"]!}");
        Assert.Equal((int)HttpStatusCode.NotFound, findingOfB!.Status);

        await hospital.GotoAsync("/console/hospital?status=open");
        var row = hospital.Locator("#hospital-findings tr[data-finding]").First;
        var id = (await row.GetAttributeAsync("data-finding"))!;
        await row.Locator("a.open").ClickAsync();
        await hospital.FillAsync("#reason", "已补充病程记录，符合限定支付条件");
        await hospital.FillAsync("#evidence", "病程记录第 3 页\nattachment:scan-0001");
        await hospital.ClickAsync("#appeal");
        await Assertions.Expect(hospital.Locator("#status")).ToHaveTextAsync("申诉中");
        await ConsoleFixture.ScreenshotAsync(hospital, "hospital-appeal");

        var reviewer = await fixture.SignedInAsync(ConsoleFixture.ReviewerKey);
        await reviewer.GotoAsync("/console/reviews?status=appealed");
        var appealed = reviewer.Locator($"tr[data-finding='{id}']");
        await Assertions.Expect(appealed).ToHaveCountAsync(1);
        await appealed.Locator("a.open").ClickAsync();
        Assert.Contains("已补充病程记录", await reviewer.TextContentAsync("#history"));
        await reviewer.FillAsync("#reason", "证据充分");
        await reviewer.ClickAsync("#overturn");
        await Assertions.Expect(reviewer.Locator("#status")).ToHaveTextAsync("申诉成立");
        await ConsoleFixture.ScreenshotAsync(reviewer, "reviewer-overturned");

        var detail = await Get(ConsoleFixture.AdminKey, $"/api/v1/findings/{id}");
        Assert.Equal("overturned", (string?)detail["finding"]!["status"]);
        Assert.Equal(["甲医院医保办", "王审核"], detail["history"]!.AsArray().Select(e => (string)e!["actor"]!));
        await hospital.ReloadAsync();
        await Assertions.Expect(hospital.Locator("#status")).ToHaveTextAsync("申诉成立");
    }

    [Fact]
    public async Task A_scorecard_chart_renders_its_series_and_the_table_beside_it_holds_the_scorecards_numbers()
    {
        var page = await fixture.SignedInAsync(ConsoleFixture.ReviewerKey);
        await page.GotoAsync($"/console/institutions/{ConsoleFixture.CodeA}/scorecard");
        var chart = page.Locator("[data-chart='drug-ratio']");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        Assert.True(await chart.Locator("svg path").CountAsync() > 0);

        var months = (await Get(ConsoleFixture.ReviewerKey, $"/api/v1/institutions/{ConsoleFixture.CodeA}/scorecard"))["months"]!.AsArray();
        var expected = months.Select(m => ((string)m!["period"]!, m["drug_ratio"] is { } r ? Math.Round((decimal)r * 100, 2).ToString("#,##0.00", CultureInfo.InvariantCulture) : "无数据")).ToList();
        var table = await page.Locator("table[data-table='drug-ratio'] tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))");
        var drawn = await page.EvaluateAsync<double?[]>("() => echarts.getInstanceByDom(document.querySelector(\"[data-chart='drug-ratio']\")).getOption().series[0].data");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, table.Select(r => (r[0], r[1])));
        Assert.Equal(expected.Select(e => e.Item2), drawn.Select(v => v is { } d ? ((decimal)d).ToString("#,##0.00", CultureInfo.InvariantCulture) : "无数据"));
        await ConsoleFixture.ScreenshotAsync(page, "scorecard");
    }

    [Fact]
    public async Task The_region_overview_ranks_the_regions_institutions_by_deduction_rate_as_the_api_does()
    {
        var page = await fixture.SignedInAsync(ConsoleFixture.ReviewerKey);
        await page.GotoAsync("/console/region");
        await Assertions.Expect(page.Locator("[data-chart='deduction-rate']")).ToHaveAttributeAsync("data-rendered", "true");
        var ranked = (await Get(ConsoleFixture.ReviewerKey, "/api/v1/regions/institutions"))["root"]!.AsArray();
        var rows = await page.Locator("#ranking tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.institution, r.cells[5].textContent.trim()])");

        Assert.Equal(7, ranked.Count); // the sample's seven institutions, all in the reviewer's region
        Assert.Equal(ranked.Select(r => ((string)r!["fixmedins_code"]!, ((decimal)r["deduction_rate"]! * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%")),
            rows.Select(r => (r[0], r[1])));
        await ConsoleFixture.ScreenshotAsync(page, "region-overview");

        using var hospital = fixture.Api(ConsoleFixture.HospitalAKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.GetAsync("/api/v1/regions/institutions")).StatusCode);
    }

    [Fact]
    public async Task The_rule_sets_page_lists_the_rules_in_force_and_a_refused_reload_names_the_file_and_line()
    {
        var page = await fixture.SignedInAsync(ConsoleFixture.AdminKey);
        await page.GotoAsync("/console/rulesets");
        var sets = (await Get(ConsoleFixture.ReviewerKey, "/api/v1/rulesets"))["root"]!.AsArray();
        var national = sets[0]!["rules"]!.AsArray().Select(r => (string)r!["rule_id"]!).ToList();

        Assert.Equal(national, await page.Locator("#national-rules tr[data-rule]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.rule)"));
        Assert.Contains("违规程度：明确违规 → 可疑", await page.TextContentAsync($"table[data-region='{ClaimAudit.Testing.TestRules.SuspiciousRegion}']"));

        var broken = Path.Combine(fixture.RulesPath, "regions", "998800.yaml");
        await File.WriteAllTextAsync(broken, "admdvs: \"998800\"\nversion: \"x\"\nrules:\n  - id: [unclosed\n");
        try
        {
            await page.ClickAsync("#reload");
            await Assertions.Expect(page.Locator("#refusal")).ToContainTextAsync("998800.yaml:");
            await ConsoleFixture.ScreenshotAsync(page, "rulesets-refused-reload");
        }
        finally
        {
            File.Delete(broken);
        }
        await page.GotoAsync("/console/rulesets");
        await page.ClickAsync("#reload");
        await Assertions.Expect(page.Locator("#reloaded")).ToContainTextAsync("已重新加载");
    }

    [Fact]
    public async Task A_bureau_uploads_an_extract_follows_the_job_to_its_end_and_downloads_the_refused_records()
    {
        var dir = Directory.CreateTempSubdirectory("claimaudit-console-import-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "MDTRT_D.csv"), $"""
            MDTRT_ID,PSN_NO,GEND,BRDY,INSUTYPE,FIXMEDINS_CODE,HOSP_LV,BEGNTIME,ENDTIME,MED_TYPE
            MIMP-1,PIMP-1,1,1970-01-01,310,{ConsoleFixture.CodeA},02,2026-06-01 08:00:00,2026-06-05 10:00:00,21
            MIMP-2,PIMP-2,1,1970-01-01,310,{ConsoleFixture.CodeA},02,2026-06-01 08:00:00,2026-06-05 10:00:00,21
            """);
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "SETL_LIST_DIAG_D.csv"), """
            mdtrt_id,diag_type,maindiag_flag,diag_code
            MIMP-1,1,1,J18.900
            MIMP-2,1,1,J18.900
            """);
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "FEE_LIST_D.csv"), """
            fee_ocur_time,bkkp_sn,mdtrt_id,med_list_codg,med_chrgitm_type,cnt,pric,det_item_fee_sumamt
            2026-06-02 09:00:00,S1,MIMP-1,ZD03AAA0043010100166,11,1,38.6,38.6
            2026-06-02 09:00:00,S2,MIMP-1,ZD03AAA0043010100166,11,x,38.6,38.6
            2026-06-02 09:00:00,S3,MIMP-2,ZD03AAA0043010100166,11,1,38.6,38.6
            """);
        var page = await fixture.SignedInAsync(ConsoleFixture.BureauKey);
        await page.GotoAsync("/console/imports");
        foreach (var table in new[] { "MDTRT_D", "FEE_LIST_D", "SETL_LIST_DIAG_D" })
            await page.SetInputFilesAsync($"input[name={table}]", Path.Combine(dir.FullName, table + ".csv"));
        await page.ClickAsync("#start");
        await page.WaitForURLAsync(url => url.Contains("/console/imports/IMP", StringComparison.Ordinal));
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("已完成", new() { Timeout = 60_000 });
        var job = await Get(ConsoleFixture.BureauKey, $"/api/v1/imports/{id}");
        await ConsoleFixture.ScreenshotAsync(page, "import-done");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#errors-csv"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);

        Assert.Equal("completed", (string?)job["state"]);
        Assert.Equal(((long)job["errors"]!).ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#errors"));
        Assert.True((long)job["errors"]! >= 1);
        Assert.Contains("FEE_LIST_D.csv", csv);
        Assert.Equal(2, (long)job["lines_accepted"]!);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task A_bad_sign_in_is_refused_and_the_console_stays_closed()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/signin");
        await page.FillAsync("#credential", "ca_not-a-key-of-this-cluster-0000000000000000000");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#signin"), r => r.Url.Contains("/console/signin", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Unauthorized, answer.Status);
        Assert.Contains("凭据无效", await page.TextContentAsync(".error"));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "claimaudit.console");
        await ConsoleFixture.ScreenshotAsync(page, "bad-sign-in");
        await page.GotoAsync("/console/reviews");
        Assert.Contains("/console/signin", page.Url);
    }
}
