using System.Globalization;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Generation;
using Sylvan.Data.Csv;

namespace ClaimAudit.Tools.Tests;

/// <summary>loadgen's platform tables: the published column layout, one row per episode, line and diagnosis, values as generated.</summary>
public class PlatformCsvTests
{
    private static List<Dictionary<string, string>> Read(string path, out string[] header)
    {
        using var csv = CsvDataReader.Create(path);
        header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(Enumerable.Range(0, csv.FieldCount).ToDictionary(csv.GetName, csv.GetString));
        return rows;
    }

    [Fact]
    public void The_platform_tables_follow_the_published_layout_and_carry_every_episode_line_and_diagnosis()
    {
        var episodes = new ProvinceGenerator(seed: 9, persons: 12, ProvinceShape.Province).Generate().ToList();
        var dir = Directory.CreateTempSubdirectory("claimaudit-csv-");
        try
        {
            using (var writer = new PlatformCsvWriter(dir))
                foreach (var episode in episodes)
                    writer.Write(episode);

            // The layout as published (rules/platform), read independently of the copy the CLI embeds.
            var layout = File.ReadAllLines(Path.Combine(BuiltHost.RepositoryRoot, "rules", "platform", "nhsa_extract_templates_headers.csv")).Skip(1)
                .Select(l => l.Split(',')).GroupBy(c => c[0]).ToDictionary(g => g.Key, g => g.OrderBy(c => int.Parse(c[1], CultureInfo.InvariantCulture)).Select(c => c[2]).ToArray());
            var mdtrt = Read(Path.Combine(dir.FullName, "MDTRT_D.csv"), out var mdtrtHeader);
            var fees = Read(Path.Combine(dir.FullName, "FEE_LIST_D.csv"), out var feeHeader);
            var diags = Read(Path.Combine(dir.FullName, "SETL_LIST_DIAG_D.csv"), out var diagHeader);
            Assert.Equal(layout["mdtrt_d"], mdtrtHeader);
            Assert.Equal(layout["fee_list_d"], feeHeader);
            Assert.Equal(layout["setl_list_diag_d"], diagHeader);

            Assert.Equal(episodes.Select(e => e.Episode.MdtrtId), mdtrt.Select(r => r["mdtrt_id"]));
            Assert.Equal(episodes.Sum(e => e.Episode.Diseinfo.Count), diags.Count);
            var lines = episodes.SelectMany(e => e.Lines.Select(l => (e.Episode, Line: l))).ToList();
            Assert.Equal(lines.Count, fees.Count);
            for (var i = 0; i < lines.Count; i++)
            {
                var (episode, line) = lines[i];
                var row = fees[i];
                Assert.Equal((episode.MdtrtId, episode.PsnNo, line.FeedetlSn, line.MedListCodg, line.InitFeedetlSn ?? ""),
                    (row["mdtrt_id"], row["psn_no"], row["bkkp_sn"], row["med_list_codg"], row["init_feedetl_sn"]));
                Assert.Equal(line.Cnt, decimal.Parse(row["cnt"], CultureInfo.InvariantCulture));
                Assert.Equal(line.DetItemFeeSumamt, decimal.Parse(row["det_item_fee_sumamt"], CultureInfo.InvariantCulture));
                Assert.Equal(line.FeeOcurTime, DateTime.ParseExact(row["fee_ocur_time"], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
            var first = episodes[0].Episode;
            Assert.Equal((first.PsnNo, first.MedType, first.FixmedinsCode, episodes[0].MedinsLv, first.Diseinfo[0].DiagCode),
                (mdtrt[0]["psn_no"], mdtrt[0]["med_type"], mdtrt[0]["fixmedins_code"], mdtrt[0]["hosp_lv"], mdtrt[0]["dscg_maindiag_code"]));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
