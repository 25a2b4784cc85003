using ClaimAudit.Cli.Auditing;
using ClaimAudit.Testing;

namespace ClaimAudit.Cli.Tests;

[Collection(EmbeddedClusterCollection.Name)]
public class BatchFileTests(EmbeddedClusterFixture fixture)
{
    private const string Good = """{"fixmedins_code":"HB","mdtrt_id":"MB1","psn_no":"PB1","gend":"1","brdy":"1980-01-01","insutype":"310","med_type":"21","begntime":"2026-03-01 08:00:00","endtime":"2026-03-03 10:00:00","medins_lv":"05","diseinfo":[{"diag_type":"1","maindiag_flag":"1","diag_code":"J18.900"}],"feedetail":[{"feedetl_sn":"1","fee_ocur_time":"2026-03-02 10:00:00","med_list_codg":"ZD03AAA0043010100166","med_chrgitm_type":"11","cnt":1,"pric":25},{"feedetl_sn":"2","fee_ocur_time":"2026-03-02","med_list_codg":"X","med_chrgitm_type":"09","cnt":1}]}""";

    [Fact]
    public async Task Bad_records_and_lines_are_reported_with_their_line_number_and_the_rest_is_audited()
    {
        var input = string.Join('\n',
            Good,
            "{ this is not json",
            """{"fixmedins_code":"HB","mdtrt_id":"MB2","gend":"1"}""",
            "",
            Good.Replace("MB1", "MB3").Replace("PB1", "PB3"));

        var report = await new BatchAuditor(fixture.Cluster.Grains).RunAsync(new StringReader(input), CancellationToken.None);

        Assert.Equal(2, report.Episodes);
        Assert.Equal(2, report.RejectedRecords);
        Assert.Equal(2, report.AcceptedLines);
        Assert.Equal(2, report.RejectedLines);
        Assert.Contains(report.Rejections, r => r.Line == 1 && r.Field == "feedetail[1].pric");
        Assert.Contains(report.Rejections, r => r.Line == 2 && r.Field == "$");
        Assert.Contains(report.Rejections, r => r.Line == 3 && r.Field == "psn_no");
        Assert.Contains(report.Rejections, r => r.Line == 5 && r.Field == "feedetail[1].pric");
        Assert.Equal(2, report.Findings.Count(f => f.RuleKind == "limit.sex"));
    }
}
