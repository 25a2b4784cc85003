using System.Text.Json;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Rules.Tests.Contracts;

public class NationalReaderTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Every_bad_admission_field_is_named_by_its_path()
    {
        var (episode, errors) = NationalReader.ReadAdmission(Json("""
            {"fixmedins_code":"H1","mdtrt_id":"M1","psn_no":"P1","gend":"1","brdy":"1980-13-01","insutype":"310",
             "med_type":"21","begntime":"yesterday","diseinfo":[{"maindiag_flag":"1"}]}
            """));

        Assert.Null(episode);
        Assert.Equal(new[] { "begntime", "brdy", "diseinfo[0].diag_code" }, errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\\u0000", "U+0000")]
    [InlineData("A\\nB", "U+000A")]
    [InlineData("A\\u007f", "U+007F")]
    public void A_field_with_a_control_character_is_refused_by_its_path(string sn, string named)
    {
        var (line, errors) = NationalReader.ReadFeeLine(Json($$"""
            {"feedetl_sn":"{{sn}}","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":1,"pric":20}
            """), "feedetail[4]");

        Assert.Null(line);
        var error = Assert.Single(errors);
        Assert.Equal("feedetail[4].feedetl_sn", error.Field);
        Assert.Contains(named, error.Reason);
    }

    [Fact]
    public void Numbers_and_codes_are_accepted_as_json_numbers_or_strings()
    {
        var (line, errors) = NationalReader.ReadFeeLine(Json("""
            {"feedetl_sn":12,"fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"001102000050000","med_chrgitm_type":"02","cnt":"2","pric":20.5}
            """), "feedetail[0]");

        Assert.Empty(errors);
        Assert.Equal("12", line!.FeedetlSn);
        Assert.Equal(2m, line.Cnt);
        Assert.Equal(41m, line.DetItemFeeSumamt);
    }

    [Theory]
    [InlineData("""{"feedetl_sn":"1","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"X","med_chrgitm_type":"09","cnt":-1,"pric":1}""", "feedetail[3].cnt")]
    [InlineData("""{"feedetl_sn":"1","init_feedetl_sn":"0","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"X","med_chrgitm_type":"09","cnt":1,"pric":1}""", "feedetail[3].cnt")]
    [InlineData("""{"feedetl_sn":"1","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"X","med_chrgitm_type":"09","cnt":1,"pric":-1}""", "feedetail[3].pric")]
    [InlineData("""{"feedetl_sn":"1","fee_ocur_time":"2026-03-02 09:00:00","med_chrgitm_type":"09","cnt":1,"pric":1}""", "feedetail[3].med_list_codg")]
    [InlineData("""{"feedetl_sn":"1","fee_ocur_time":"2026-03-02 09:00:00","med_list_codg":"X","med_chrgitm_type":"09","cnt":1,"pric":1,"prd_days":2.5}""", "feedetail[3].prd_days")]
    [InlineData("""[1,2]""", "feedetail[3]")]
    public void A_bad_fee_line_is_refused_naming_the_field(string json, string field)
    {
        var (line, errors) = NationalReader.ReadFeeLine(Json(json), "feedetail[3]");

        Assert.Null(line);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void National_json_writes_snake_case_names_and_local_times()
    {
        var text = JsonSerializer.Serialize(TestData.Inpatient(rinp: "1"), NationalJson.Options);

        Assert.Contains("\"fixmedins_code\":\"H1\"", text);
        Assert.Contains("\"begntime\":\"2026-03-01 08:00:00\"", text);
        Assert.Contains("\"days_rinp_flag_31\":\"1\"", text);
        Assert.DoesNotContain("admission_date", text);
        Assert.Equal(TestData.Inpatient(rinp: "1").MdtrtId, JsonSerializer.Deserialize<Episode>(text, NationalJson.Options)!.MdtrtId);
    }
}
