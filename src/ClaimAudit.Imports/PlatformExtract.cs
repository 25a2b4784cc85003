using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;

namespace ClaimAudit.Imports;

/// <summary>An episode read from an extract, the line of its MDTRT_D record and the FEE_LIST_D line of each of its fee lines.</summary>
public sealed record ExtractedEpisode(EpisodeDocument Document, long Line, IReadOnlyList<long> FeeLines);

/// <summary>
/// A platform extract folder read as episode documents. Fee rows need not be grouped or sorted: all three tables are
/// sorted by <c>mdtrt_id</c> through temporary files (<see cref="SortedSpill"/>) and joined, so memory holds one sort
/// buffer (200,000 records) and one episode at a time, whatever the size of FEE_LIST_D. Episodes come in
/// <c>mdtrt_id</c> order (ordinal), the same on every run over the same files, which is what a resumed import counts on.
/// Rows with <c>vali_flag</c> 0 (logically deleted on the platform) are skipped.
/// </summary>
public sealed class PlatformExtract(IReadOnlyDictionary<string, ExtractTable> tables, Encoding? encoding = null, Icd10Catalogue? diagnoses = null, string? temporaryDirectory = null)
{
    private static readonly string[] EpisodeColumns =
        ["mdtrt_id", "psn_no", "gend", "brdy", "insutype", "fixmedins_code", "hosp_lv", "begntime", "endtime", "med_type", "adm_dept_codg", "dscg_way", "dscg_maindiag_code", "vali_flag",
        // Not in the extract layout (it is 4101A's): read when a bureau joins it in, so a declared planned readmission is not a finding.
        "days_rinp_flag_31"];

    private static readonly string[] DiagnosisColumns = ["mdtrt_id", "diag_type", "maindiag_flag", "diag_code", "diag_name", "vali_flag"];

    /// <summary>FEE_LIST_D's columns; <c>bkkp_sn</c> is the line's serial (<c>feedetl_sn</c>), <c>rx_drord_no</c> its order, <c>bilg_dr_code</c> the doctor.</summary>
    private static readonly string[] FeeColumns =
    [
        "mdtrt_id", "bkkp_sn", "init_feedetl_sn", "fee_ocur_time", "med_list_codg", "med_chrgitm_type", "cnt", "pric", "det_item_fee_sumamt",
        "rx_drord_no", "medins_list_codg", "chrgitm_lv", "bilg_dept_codg", "bilg_dr_code", "hosp_appr_flag", "dscg_tkdrug_flag", "prd_days", "used_frqu_dscr",
        "vali_flag", "hilist_code",
    ];

    /// <summary>The national field a fee column becomes (the rest keep their names).</summary>
    private static readonly Dictionary<string, string> FeeFields = new(StringComparer.Ordinal)
    {
        ["bkkp_sn"] = "feedetl_sn", ["rx_drord_no"] = "drord_no", ["bilg_dr_code"] = "bilg_dr_codg",
    };

    public long RowsRead { get; private set; }

    public long RowsSkipped { get; private set; }

    /// <summary>The MDTRT_D records kept, known once the tables are sorted (before the first episode comes).</summary>
    public long EpisodeRecords { get; private set; }

    /// <summary>The episodes, in <c>mdtrt_id</c> order; every refused record goes to <paramref name="errors"/> once.</summary>
    public IEnumerable<ExtractedEpisode> Read(Action<ImportError> errors, Action<long>? rowsRead = null)
    {
        using var episodes = Spill(ExtractTable.Episodes, EpisodeColumns, errors, rowsRead);
        using var diagnosisRows = Spill(ExtractTable.Diagnoses, DiagnosisColumns, errors, rowsRead);
        using var fees = Spill(ExtractTable.FeeLines, FeeColumns, errors, rowsRead);
        EpisodeRecords = episodes.Count;

        using var e = episodes.Sorted().GetEnumerator();
        using var d = diagnosisRows.Sorted().GetEnumerator();
        using var f = fees.Sorted().GetEnumerator();
        bool hasE = e.MoveNext(), hasD = d.MoveNext(), hasF = f.MoveNext();
        while (hasE || hasD || hasF)
        {
            var key = new[] { hasE ? e.Current.Key : null, hasD ? d.Current.Key : null, hasF ? f.Current.Key : null }
                .Where(k => k is not null).Min(StringComparer.Ordinal)!;
            var group = (Episodes: Take(e, ref hasE, key), Diagnoses: Take(d, ref hasD, key), Fees: Take(f, ref hasF, key));
            if (Join(key, group.Episodes, group.Diagnoses, group.Fees, errors) is { } episode)
                yield return episode;
        }
    }

    private SortedSpill Spill(string table, string[] columns, Action<ImportError> errors, Action<long>? rowsRead)
    {
        var spill = new SortedSpill(temporaryDirectory);
        var extract = tables[table];
        foreach (var (line, values) in extract.Read(columns, encoding))
        {
            rowsRead?.Invoke(++RowsRead);
            if (values[Array.IndexOf(columns, "vali_flag")] == "0")
            {
                RowsSkipped++;
                continue;
            }
            if (values[0] is not { } mdtrtId)
            {
                errors(new ImportError(extract.File.Name, line, "mdtrt_id", null, "is required"));
                continue;
            }
            var row = new string?[values.Length + 1];
            values.CopyTo(row, 0);
            row[^1] = line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            spill.Add(mdtrtId, row);
        }
        return spill;
    }

    private static List<string?[]> Take(IEnumerator<(string Key, string?[] Values)> rows, ref bool has, string key)
    {
        var taken = new List<string?[]>();
        while (has && rows.Current.Key == key)
        {
            taken.Add(rows.Current.Values);
            has = rows.MoveNext();
        }
        return taken;
    }

    private static long LineOf(string?[] row) => long.Parse(row[^1]!, System.Globalization.CultureInfo.InvariantCulture);

    private ExtractedEpisode? Join(string mdtrtId, List<string?[]> episodeRows, List<string?[]> diagnosisRows, List<string?[]> feeRows, Action<ImportError> errors)
    {
        string episodesFile = tables[ExtractTable.Episodes].File.Name, diagnosesFile = tables[ExtractTable.Diagnoses].File.Name, feesFile = tables[ExtractTable.FeeLines].File.Name;
        if (episodeRows.Count == 0)
        {
            foreach (var row in diagnosisRows)
                errors(new ImportError(diagnosesFile, LineOf(row), "mdtrt_id", mdtrtId, "no such episode in MDTRT_D"));
            foreach (var row in feeRows)
                errors(new ImportError(feesFile, LineOf(row), "mdtrt_id", mdtrtId, "no such episode in MDTRT_D"));
            return null;
        }
        var first = episodeRows[0];
        foreach (var again in episodeRows.Skip(1))
            errors(new ImportError(episodesFile, LineOf(again), "mdtrt_id", mdtrtId, $"appears again (first on line {LineOf(first)}); the first record is used"));

        var admission = Object(EpisodeColumns, first);
        var diseinfo = new JsonArray();
        foreach (var row in diagnosisRows)
            diseinfo.Add(Object(DiagnosisColumns, row, skip: "mdtrt_id"));
        if (diagnosisRows.Count == 0 && admission["dscg_maindiag_code"] is { } main)
            diseinfo.Add(new JsonObject { ["diag_type"] = "1", ["maindiag_flag"] = "1", ["diag_code"] = main.GetValue<string>() });
        admission["diseinfo"] = diseinfo;
        using var json = JsonDocument.Parse(admission.ToJsonString());
        var (document, refused, _) = EpisodeDocument.Read(json.RootElement, diagnoses);
        if (document is null)
        {
            foreach (var error in refused)
                errors(error.Field.StartsWith("diseinfo[", StringComparison.Ordinal) && IndexIn(error.Field) is var i && i < diagnosisRows.Count
                    ? new ImportError(diagnosesFile, LineOf(diagnosisRows[i]), Column(error.Field), Value(DiagnosisColumns, diagnosisRows[i], Column(error.Field)), error.Reason)
                    : new ImportError(episodesFile, LineOf(first), Column(error.Field), Value(EpisodeColumns, first, Column(error.Field)), error.Reason));
            foreach (var row in feeRows)
                errors(new ImportError(feesFile, LineOf(row), "mdtrt_id", mdtrtId, $"its episode (MDTRT_D line {LineOf(first)}) was refused"));
            return null;
        }

        var lines = new List<FeeLine>();
        var lineNumbers = new List<long>();
        foreach (var row in feeRows)
        {
            var fields = new JsonObject();
            for (var c = 1; c < FeeColumns.Length; c++)
                if (row[c] is { } value && FeeColumns[c] is not ("vali_flag" or "hilist_code"))
                    fields[FeeFields.GetValueOrDefault(FeeColumns[c], FeeColumns[c])] = value;
            if (fields["med_list_codg"] is null && row[Array.IndexOf(FeeColumns, "hilist_code")] is { } hilist)
                fields["med_list_codg"] = hilist;
            using var element = JsonDocument.Parse(fields.ToJsonString());
            var (line, lineErrors) = NationalReader.ReadFeeLine(element.RootElement, "", chargeTypeRequired: false);
            if (line is null)
            {
                foreach (var error in lineErrors)
                {
                    var column = FeeFields.FirstOrDefault(p => p.Value == Column(error.Field)).Key ?? Column(error.Field);
                    errors(new ImportError(feesFile, LineOf(row), column, Value(FeeColumns, row, column), error.Reason));
                }
                continue;
            }
            lines.Add(line);
            lineNumbers.Add(LineOf(row));
        }
        return new ExtractedEpisode(document with { Feedetail = lines, FeedetailIndexes = null }, LineOf(first), lineNumbers);
    }

    private static JsonObject Object(string[] columns, string?[] row, string? skip = null)
    {
        var obj = new JsonObject();
        for (var c = 0; c < columns.Length; c++)
            if (row[c] is { } value && columns[c] != "vali_flag" && columns[c] != skip)
                obj[columns[c] == "hosp_lv" ? "medins_lv" : columns[c]] = value;
        return obj;
    }

    /// <summary>The column a reader's field path names: <c>diseinfo[2].diag_code</c> → <c>diag_code</c>, <c>medins_lv</c> → <c>hosp_lv</c>.</summary>
    private static string Column(string field)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        return name == "medins_lv" ? "hosp_lv" : name;
    }

    private static int IndexIn(string field) => int.Parse(field[(field.IndexOf('[') + 1)..field.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture);

    private static string? Value(string[] columns, string?[] row, string column) => Array.IndexOf(columns, column) is >= 0 and var i ? row[i] : null;
}
