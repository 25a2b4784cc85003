using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ClaimAudit.Gateway.Tests.Security;

[Collection(GatewayCollection.Name)]
public class FieldLimitsTests(GatewayFixture fixture)
{
    private static StringContent Admission(string mdtrtId, string psnNo = "P1") => new($$"""
        {"fixmedins_code":"HLIM01","mdtrt_id":"{{mdtrtId}}","psn_no":"{{psnNo}}","gend":"1","brdy":"1980-05-01","insutype":"310",
         "med_type":"21","begntime":"2026-03-01 08:00:00","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}]}
        """, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_100000_character_mdtrt_id_is_refused_naming_the_field_and_echoed_nowhere()
    {
        var huge = new string('M', 100_000);
        using var response = await fixture.Http.PostAsync("/api/v1/episodes", Admission(huge));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("at most 30", (string)JsonNode.Parse(body)!["errors"]!["mdtrt_id"]![0]!);
        Assert.True(body.Length < 2_000, $"the refusal is {body.Length} characters long");
    }

    [Fact]
    public async Task An_identifier_at_its_national_length_is_taken()
    {
        var longest = new string('M', 30);
        using var response = await fixture.Http.PostAsync("/api/v1/episodes", Admission(longest, new string('P', 30)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/episodes/HLIM01/M%01X", "mdtrt_id")]
    [InlineData("/api/v1/episodes/HLIM01/MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM", "mdtrt_id")]
    [InlineData("/api/v1/institutions/HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH", "fixmedins_code")]
    public async Task A_path_identifier_over_its_length_or_with_control_characters_is_a_400_naming_the_parameter(string path, string parameter)
    {
        using var response = await fixture.Http.GetAsync(path);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]![parameter]);
    }
}
