using System.Globalization;
using System.Reflection;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Tools.Generation;

/// <summary>
/// Writes episodes as the national platform's extract tables — <c>MDTRT_D.csv</c>, <c>FEE_LIST_D.csv</c>,
/// <c>SETL_LIST_DIAG_D.csv</c> — every column of the published layout in its order (rules/platform), the
/// fields a claim carries filled and the rest empty, as a bureau's export looks. <c>feedetl_sn</c> is the
/// table's <c>bkkp_sn</c> (记账流水号) and <c>drord_no</c> its <c>rx_drord_no</c>; <c>days_rinp_flag_31</c> has no
/// column in MDTRT_D and is not written.
/// </summary>
public sealed class PlatformCsvWriter : IDisposable
{
    public const string Episodes = "MDTRT_D.csv", FeeLines = "FEE_LIST_D.csv", Diagnoses = "SETL_LIST_DIAG_D.csv";

    private readonly (StreamWriter Writer, string[] Columns) _mdtrt, _fees, _diags;

    public PlatformCsvWriter(DirectoryInfo directory)
    {
        directory.Create();
        var layouts = Layouts();
        (StreamWriter, string[]) Open(string file, string template)
        {
            var writer = new StreamWriter(Path.Combine(directory.FullName, file));
            writer.WriteLine(string.Join(',', layouts[template]));
            return (writer, layouts[template]);
        }
        _mdtrt = Open(Episodes, "mdtrt_d");
        _fees = Open(FeeLines, "fee_list_d");
        _diags = Open(Diagnoses, "setl_list_diag_d");
    }

    /// <summary>Each table's columns in the published order, read from the layout file the CLI embeds.</summary>
    public static IReadOnlyDictionary<string, string[]> Layouts()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("nhsa_extract_templates_headers.csv")!;
        using var reader = new StreamReader(stream);
        var rows = new List<(string Template, int Position, string Field)>();
        reader.ReadLine();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var parts = line.Split(',');
            rows.Add((parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]));
        }
        return rows.GroupBy(r => r.Template).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Position).Select(r => r.Field).ToArray());
    }

    public void Write(GeneratedEpisode generated)
    {
        var e = generated.Episode;
        Row(_mdtrt, new()
        {
            ["mdtrt_id"] = e.MdtrtId, ["psn_no"] = e.PsnNo, ["gend"] = e.Gend, ["brdy"] = e.Brdy.ToString("yyyy-MM-dd"),
            ["insutype"] = e.Insutype, ["fixmedins_code"] = e.FixmedinsCode, ["hosp_lv"] = generated.MedinsLv,
            ["begntime"] = Time(e.Begntime), ["endtime"] = e.Endtime is { } end ? Time(end) : null, ["med_type"] = e.MedType,
            ["adm_dept_codg"] = e.AdmDeptCodg, ["dscg_way"] = e.DscgWay, ["dscg_maindiag_code"] = e.MainDiagnosis?.DiagCode,
            ["dscg_maindiag_name"] = e.MainDiagnosis?.DiagName,
            ["ipt_days"] = e.Endtime is { } out_ && e.Setting == Setting.Inpatient ? Math.Max(1, (out_.Date - e.Begntime.Date).Days).ToString(CultureInfo.InvariantCulture) : null,
            ["vali_flag"] = "1",
        });
        for (var i = 0; i < e.Diseinfo.Count; i++)
        {
            var d = e.Diseinfo[i];
            Row(_diags, new()
            {
                ["setl_list_diag_id"] = $"{e.MdtrtId}-{i + 1}", ["mdtrt_id"] = e.MdtrtId, ["psn_no"] = e.PsnNo, ["diag_type"] = d.DiagType,
                ["maindiag_flag"] = d.MaindiagFlag, ["diag_code"] = d.DiagCode, ["diag_name"] = d.DiagName, ["vali_flag"] = "1",
            });
        }
        foreach (var l in generated.Lines)
            Row(_fees, new()
            {
                ["bkkp_sn"] = l.FeedetlSn, ["mdtrt_id"] = e.MdtrtId, ["fee_ocur_time"] = Time(l.FeeOcurTime), ["rx_drord_no"] = l.DrordNo,
                ["fixmedins_code"] = e.FixmedinsCode, ["psn_no"] = e.PsnNo, ["med_type"] = e.MedType,
                ["cnt"] = Number(l.Cnt), ["pric"] = Number(l.Pric), ["det_item_fee_sumamt"] = Number(l.DetItemFeeSumamt),
                ["chrgitm_lv"] = l.ChrgitmLv, ["med_list_codg"] = l.MedListCodg, ["medins_list_codg"] = l.MedinsListCodg,
                ["med_chrgitm_type"] = l.MedChrgitmType, ["bilg_dept_codg"] = l.BilgDeptCodg, ["bilg_dr_code"] = l.BilgDrCodg,
                ["hosp_appr_flag"] = l.HospApprFlag, ["dscg_tkdrug_flag"] = l.DscgTkdrugFlag, ["used_frqu_dscr"] = l.UsedFrquDscr,
                ["prd_days"] = l.PrdDays?.ToString(CultureInfo.InvariantCulture), ["init_feedetl_sn"] = l.InitFeedetlSn, ["vali_flag"] = "1",
            });
    }

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Number(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static void Row((StreamWriter Writer, string[] Columns) table, Dictionary<string, string?> values)
    {
        var unknown = values.Keys.Except(table.Columns).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"not in the layout: {string.Join(", ", unknown)}");
        table.Writer.WriteLine(string.Join(',', table.Columns.Select(c => Quote(values.GetValueOrDefault(c)))));
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";

    public void Dispose()
    {
        _mdtrt.Writer.Dispose();
        _fees.Writer.Dispose();
        _diags.Writer.Dispose();
    }
}
