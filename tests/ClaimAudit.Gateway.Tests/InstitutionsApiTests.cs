using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public class InstitutionsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task An_institution_is_registered_with_its_level_and_read_back()
    {
        var code = $"H{Guid.NewGuid():N}"[..12];

        using var put = await fixture.Http.PutAsJsonAsync($"/api/v1/institutions/{code}", new { name = "市第一人民医院", hosp_lv = "02", admdvs = "330100" });
        var read = await fixture.Http.GetFromJsonAsync<JsonObject>($"/api/v1/institutions/{code}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("02", (string?)read!["profile"]!["hosp_lv"]);
        Assert.Equal("市第一人民医院", (string?)read["profile"]!["name"]);
    }

    [Fact]
    public async Task An_unknown_level_code_is_refused()
    {
        using var put = await fixture.Http.PutAsJsonAsync("/api/v1/institutions/HX", new { hosp_lv = "99" });
        var problem = await put.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.NotNull(problem!["errors"]!["hosp_lv"]);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        var document = await fixture.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();

        Assert.Contains("/api/v1/institutions/{fixmedins_code}", paths);
        Assert.Contains("/api/v1/episodes", paths);
        Assert.Contains("/api/v1/episodes/{fixmedins_code}/{mdtrt_id}/fee-lines", paths);
        Assert.Contains("/api/v1/episodes/{fixmedins_code}/{mdtrt_id}/discharge", paths);
        Assert.Contains("/api/v1/episodes/{fixmedins_code}/{mdtrt_id}", paths);
    }
}
