using System.Text;
using System.Text.Json.Nodes;
using ClaimAudit.Imports;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Commands;
using ClaimAudit.Tools.Generation;
using Sylvan.Data.Csv;
using Xunit.Abstractions;

namespace ClaimAudit.Tools.Tests;

/// <summary>
/// A bureau's extract as platforms export it — GBK, columns in another order, fee rows in no order, quoted fields with
/// commas, quotes and line breaks — audits to the same findings as the same province sent as NDJSON.
/// </summary>
public class PlatformImportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_gbk_extract_with_shuffled_columns_and_rows_audits_to_the_same_findings_as_the_ndjson_path()
    {
        var work = Directory.CreateTempSubdirectory("claimaudit-platform-");
        try
        {
            var ndjson = new FileInfo(Path.Combine(work.FullName, "episodes.ndjson"));
            var csv = new DirectoryInfo(Path.Combine(work.FullName, "csv"));
            await LoadgenCommand.WriteAsync(new ProvinceGenerator(11, 25, ProvinceShape.Province), ndjson, new FileInfo(Path.Combine(work.FullName, "truth.csv")), csv, default);
            // The extract layout has no days_rinp_flag_31 (it is 4101A's): the NDJSON twin goes without it too.
            var twin = Path.Combine(work.FullName, "twin.ndjson");
            await File.WriteAllLinesAsync(twin, (await File.ReadAllLinesAsync(ndjson.FullName)).Select(l =>
            {
                var record = JsonNode.Parse(l)!.AsObject();
                record.Remove("days_rinp_flag_31");
                return record.ToJsonString();
            }));
            var exported = new DirectoryInfo(Path.Combine(work.FullName, "exported"));
            exported.Create();
            var random = new Random(3);
            foreach (var (file, renamed) in new[] { ("MDTRT_D.csv", "mdtrt_d.CSV"), ("FEE_LIST_D.csv", "Fee_List_D.csv"), ("SETL_LIST_DIAG_D.csv", "SETL_LIST_DIAG_D.csv") })
                Reexport(Path.Combine(csv.FullName, file), Path.Combine(exported.FullName, renamed), random, shuffleRows: file.StartsWith("FEE", StringComparison.Ordinal));

            var fromNdjson = Path.Combine(work.FullName, "a", "findings.ndjson");
            var fromCsv = Path.Combine(work.FullName, "b", "findings.ndjson");
            var (exitA, _, errorA) = await Claimaudit.RunAsync("audit", twin, "--out", fromNdjson);
            var (exitB, outputB, errorB) = await Claimaudit.RunAsync("audit", "--platform", exported.FullName, "--out", fromCsv);
            Assert.True(exitA == 0, errorA);
            Assert.True(exitB == 0, errorB);
            output.WriteLine(outputB);

            var expected = Findings(fromNdjson);
            var actual = Findings(fromCsv);
            Assert.True(expected.Count > 30, $"only {expected.Count} findings");
            foreach (var kind in expected.Select(f => f.Kind).Union(actual.Select(f => f.Kind)).Order())
                Assert.True(
                    expected.Where(f => f.Kind == kind).Select(f => (f.Id, f.Amount)).Order().SequenceEqual(actual.Where(f => f.Kind == kind).Select(f => (f.Id, f.Amount)).Order()),
                    $"{kind}: {expected.Count(f => f.Kind == kind)} from NDJSON, {actual.Count(f => f.Kind == kind)} from the extract");
            Assert.Single(File.ReadAllLines(Path.Combine(work.FullName, "b", "errors.csv"))); // the header alone
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Malformed_rows_are_listed_in_errors_csv_with_their_lines_and_everything_else_lands()
    {
        var work = Directory.CreateTempSubdirectory("claimaudit-platform-bad-");
        try
        {
            var dir = work.CreateSubdirectory("extract");
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "MDTRT_D.csv"), """
                mdtrt_id,psn_no,gend,brdy,insutype,fixmedins_code,hosp_lv,begntime,endtime,med_type,vali_flag
                M1,P1,1,1970-01-01,310,HX01,02,2026-03-01 08:00:00,2026-03-05 10:00:00,21,1
                M2,P2,2,1980-01-01,310,HX01,02,2026-03-02 08:00:00,,21,1
                """);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "SETL_LIST_DIAG_D.csv"), """
                mdtrt_id,diag_type,maindiag_flag,diag_code,diag_name
                M1,1,1,J18.900,"肺炎,未特指"
                M2,1,1,J18.900,肺炎
                """);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "FEE_LIST_D.csv"), """
                bkkp_sn,mdtrt_id,fee_ocur_time,med_list_codg,med_chrgitm_type,cnt,pric,det_item_fee_sumamt
                S1,M1,2026-03-02 09:00:00,ZD03AAA0043010100166,11,1,38.6,38.6
                S2,M1,2026-03-02 09:00:00,ZD03AAA0043010100166,11,abc,38.6,38.6
                S3,M2,2026-03-32 09:00:00,ZD03AAA0043010100166,11,1,38.6,38.6
                S4,NOPE,2026-03-02 09:00:00,ZD03AAA0043010100166,11,1,38.6,38.6
                S5,M2,2026-03-03 09:00:00,XC01EBB074A001010101445,09,2,10,20
                """);
            var (exit, stdout, error) = await Claimaudit.RunAsync("audit", "--platform", dir.FullName, "--out", Path.Combine(work.FullName, "out", "findings.ndjson"));
            Assert.True(exit == 0, error);
            output.WriteLine(stdout);

            var errors = File.ReadAllLines(Path.Combine(work.FullName, "out", "errors.csv"), Encoding.UTF8).Skip(1).ToList();
            Assert.Equal(3, errors.Count);
            Assert.Contains(errors, e => e.StartsWith("FEE_LIST_D.csv,3,cnt,abc,", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("FEE_LIST_D.csv,4,fee_ocur_time,2026-03-32 09:00:00,", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("FEE_LIST_D.csv,5,mdtrt_id,NOPE,", StringComparison.Ordinal));
            Assert.Contains("episodes 2 · lines accepted 2", stdout);
            Assert.Contains("lines rejected 3", stdout);
            var findings = File.ReadAllLines(Path.Combine(work.FullName, "out", "findings.ndjson"));
            Assert.Contains(findings, f => f.Contains("\"limit.sex\"", StringComparison.Ordinal) && f.Contains("S1", StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static List<(string Kind, string Id, decimal Amount)> Findings(string path) => File.ReadAllLines(path)
        .Select(l => JsonNode.Parse(l)!)
        .Select(f => ((string)f["rule_kind"]!, (string)f["finding_id"]!, (decimal)f["amount"]!))
        .ToList();

    /// <summary>The table re-exported as GBK, its columns in a shuffled order, an unknown column of awkward text, rows shuffled when asked.</summary>
    private static void Reexport(string from, string to, Random random, bool shuffleRows)
    {
        using var reader = CsvDataReader.Create(from);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).Append("memo_extra").ToArray();
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString), "注, \"引号\"\r\n第二行"]);
        var order = columns.Select((_, i) => i).OrderBy(_ => random.Next()).ToArray();
        if (shuffleRows)
            rows = rows.OrderBy(_ => random.Next()).ToList();
        using var writer = new StreamWriter(to, false, ExtractTable.Gb18030);
        writer.NewLine = "\r\n";
        writer.WriteLine(string.Join(',', order.Select(i => columns[i].ToUpperInvariant())));
        foreach (var row in rows)
            writer.WriteLine(string.Join(',', order.Select(i => Quote(row[i]))));
    }

    private static string Quote(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
