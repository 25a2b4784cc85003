using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests.Imports;

/// <summary>The embedded API with a bureau of region 33 and one of region 44; institution HI01 is in 33, HI02 in 44.</summary>
public sealed class ImportFixture : GatewayFixture
{
    public const string BureauKey = "bureau-33-key-0000000";
    public const string OtherBureauKey = "bureau-44-key-0000000";
    public const string HospitalKey = "hospital-hi01-key-000";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        Key(settings, 1, BureauKey, "bureau", "bureau-33", admdvs: "33");
        Key(settings, 2, OtherBureauKey, "bureau", "bureau-44", admdvs: "44");
        Key(settings, 3, HospitalKey, "hospital", "hospital-hi01", fixmedinsCode: "HI01");
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (code, admdvs) in new[] { ("HI01", "330106"), ("HI02", "440106") })
            (await Http.PutAsync($"/api/v1/institutions/{code}", new StringContent($$"""{"hosp_lv":"02","admdvs":"{{admdvs}}"}""", Encoding.UTF8, "application/json")))
                .EnsureSuccessStatusCode();
    }
}

public class ImportJobsTests(ImportFixture fixture) : IClassFixture<ImportFixture>
{
    private const string Episodes = """
        MDTRT_ID,PSN_NO,GEND,BRDY,INSUTYPE,FIXMEDINS_CODE,HOSP_LV,BEGNTIME,ENDTIME,MED_TYPE
        MI-1,PI-1,1,1970-01-01,310,HI01,02,2026-03-01 08:00:00,2026-03-05 10:00:00,21
        MI-2,PI-2,1,1970-01-01,310,HI02,02,2026-03-01 08:00:00,2026-03-05 10:00:00,21
        """;

    private const string Diagnoses = """
        mdtrt_id,diag_type,maindiag_flag,diag_code
        MI-1,1,1,J18.900
        MI-2,1,1,J18.900
        """;

    private const string Fees = """
        fee_ocur_time,bkkp_sn,mdtrt_id,med_list_codg,med_chrgitm_type,cnt,pric,det_item_fee_sumamt
        2026-03-02 09:00:00,S1,MI-1,ZD03AAA0043010100166,11,1,38.6,38.6
        2026-03-02 09:00:00,S2,MI-1,ZD03AAA0043010100166,11,x,38.6,38.6
        2026-03-02 09:00:00,S3,MI-2,ZD03AAA0043010100166,11,1,38.6,38.6
        """;

    private static MultipartFormDataContent Upload(params (string Name, string Text)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, text) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(part, "files", name);
        }
        return form;
    }

    [Fact]
    public async Task A_bureau_imports_its_regions_episodes_follows_the_job_and_downloads_the_refused_records()
    {
        using var bureau = fixture.ClientWithKey(ImportFixture.BureauKey);
        using var created = await bureau.PostAsync("/api/v1/imports", Upload(("mdtrt_d.csv", Episodes), ("SETL_LIST_DIAG_D.CSV", Diagnoses), ("FEE_LIST_D.csv", Fees)));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, body);
        var location = created.Headers.Location!.ToString();

        JsonNode status = JsonNode.Parse(body)!;
        for (var i = 0; i < 100 && (string?)status["state"] is "queued" or "running"; i++, await Task.Delay(100))
            status = JsonNode.Parse(await bureau.GetStringAsync(location))!;
        Assert.Equal("completed", (string?)status["state"]);
        Assert.Equal(1, (int)status["episodes_sent"]!);
        Assert.Equal(1, (int)status["lines_accepted"]!);
        Assert.Equal(2, (int)status["errors"]!);
        Assert.Equal(1.0, (double)status["progress"]!);

        var errors = (await bureau.GetStringAsync((string)status["errors_url"]!)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(errors, e => e.StartsWith("FEE_LIST_D.csv,3,cnt,x,", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MDTRT_D.csv,3,fixmedins_code,HI02,", StringComparison.Ordinal));
        var episode = JsonNode.Parse(await fixture.Http.GetStringAsync("/api/v1/episodes/HI01/MI-1"))!;
        Assert.Equal("discharged", (string?)episode["status"]);
        Assert.Equal("limit.sex", (string?)episode["findings"]![0]!["rule_kind"]);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync("/api/v1/episodes/HI02/MI-2")).StatusCode); // outside the bureau's region

        // Another bureau cannot see the job; a hospital may not import.
        using var other = fixture.ClientWithKey(ImportFixture.OtherBureauKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync((string)status["errors_url"]!)).StatusCode);
        using var hospital = fixture.ClientWithKey(ImportFixture.HospitalKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.PostAsync("/api/v1/imports", Upload(("MDTRT_D.csv", Episodes)))).StatusCode);
    }

    [Fact]
    public async Task An_upload_without_all_three_tables_names_the_missing_ones()
    {
        using var bureau = fixture.ClientWithKey(ImportFixture.BureauKey);
        using var response = await bureau.PostAsync("/api/v1/imports", Upload(("MDTRT_D.csv", Episodes)));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]!["files.FEE_LIST_D"]);
        Assert.NotNull(problem["errors"]!["files.SETL_LIST_DIAG_D"]);
        using var json = await bureau.PostAsync("/api/v1/imports", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
    }
}
