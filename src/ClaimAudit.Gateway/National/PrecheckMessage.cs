using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Knowledge;

namespace ClaimAudit.Gateway.National;

/// <summary>
/// 3101 明细审核事前分析服务 / 3102 事中分析服务: <c>input.data</c> (<c>syscode</c>, <c>task_id</c>, <c>trig_scen</c> |
/// <c>rule_ids</c>, <c>patient_dtos[]</c>) read into a what-if check, and its findings written as <c>output.result[]</c>.
/// The mapping and every dictionary value chosen are in docs/national.md.
/// </summary>
public static class PrecheckMessage
{
    private const string Data = "input.data";

    public static (PrecheckRequest? Request, string? TaskId, IReadOnlyList<FieldError> Errors) Read(NationalEnvelope envelope, Icd10Catalogue? diagnoses)
    {
        var reader = new NationalReader(diagnoses);
        if (!envelope.Input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            return (null, null, [new FieldError(Data, "is required and must be a JSON object")]);

        var taskId = reader.Text(data, Data, "task_id", required: false);
        reader.Text(data, Data, "syscode", required: false);
        var trigScen = reader.Text(data, Data, "trig_scen", required: false);
        var ruleIds = Strings(reader, data, Data, "rule_ids");
        PrecheckScope scope = PrecheckScope.Settlement;
        if (trigScen is not null)
        {
            if (ScopeOf(trigScen) is { } known)
                scope = known;
            else
                reader.Fail($"{Data}.trig_scen", $"'{trigScen}' is not a trigger scene (1–9: 1 门诊挂号 … 9 住院预结算)");
        }
        else if (ruleIds.Count == 0)
            reader.Fail($"{Data}.trig_scen", "give trig_scen or rule_ids");

        var patients = new List<PrecheckPatient>();
        var list = Items(reader, data, Data, "patient_dtos", required: true);
        for (var p = 0; p < list.Count; p++)
            if (Patient(reader, list[p], $"{Data}.patient_dtos[{p}]", envelope.FixmedinsCode) is { } patient)
                patients.Add(patient);
        return reader.HasErrors
            ? (null, taskId, reader.Errors)
            : (new PrecheckRequest(envelope.FixmedinsCode, envelope.InfTime, scope, ruleIds, patients), taskId, []);
    }

    /// <summary>1–3 registration: history rules; 4, 5 charging and orders: line and episode rules too; 6–9 (pre-)settlement: every rule.</summary>
    public static PrecheckScope? ScopeOf(string trigScen) => trigScen switch
    {
        "1" or "2" or "3" => PrecheckScope.Registration,
        "4" or "5" => PrecheckScope.Orders,
        "6" or "7" or "8" or "9" => PrecheckScope.Settlement,
        _ => null,
    };

    private static PrecheckPatient? Patient(NationalReader reader, JsonElement patient, string path, string sender)
    {
        if (patient.ValueKind != JsonValueKind.Object)
        {
            reader.Fail(path, "expected a JSON object");
            return null;
        }
        var before = reader.Errors.Count;
        var psnNo = reader.Text(patient, path, "patn_id", required: true);
        var gend = reader.Text(patient, path, "gend", required: true);
        var brdy = reader.Date(patient, path, "brdy", required: true);
        var currentId = reader.Text(patient, path, "curr_mdtrt_id", required: false);
        var list = Items(reader, patient, path, "fsi_encounter_dtos", required: true);
        var encounters = new List<(Episode Episode, string? Lv, string? Admdvs, List<(FeeLine Line, bool Current)> Orders)>();
        for (var e = 0; e < list.Count; e++)
            if (Encounter(reader, list[e], $"{path}.fsi_encounter_dtos[{e}]", psnNo, gend, brdy) is { } encounter)
                encounters.Add(encounter);
        if (reader.Errors.Count > before)
            return null;

        // The encounter being checked: the one named current, else the one holding the current orders, else the latest admitted.
        var current = currentId is not null
            ? encounters.FindIndex(e => e.Episode.MdtrtId == currentId)
            : encounters.FindIndex(e => e.Orders.Any(o => o.Current)) is >= 0 and var flagged ? flagged
            : encounters.Select((e, i) => (e.Episode.Begntime, i)).Max().i;
        if (current < 0)
        {
            reader.Fail($"{path}.curr_mdtrt_id", $"'{currentId}' is none of the encounters sent");
            return null;
        }
        if (encounters[current].Episode.FixmedinsCode != sender)
        {
            reader.Fail($"{path}.fsi_encounter_dtos[{current}].medins_id", "the encounter checked must be at the sending institution (fixmedins_code)");
            return null;
        }
        if (encounters.Select(e => e.Episode.Key).Distinct().Count() != encounters.Count)
        {
            reader.Fail($"{path}.fsi_encounter_dtos", "the same mdtrt_id is sent twice for one institution");
            return null;
        }
        return new PrecheckPatient(psnNo!, encounters.Select((e, i) =>
        {
            var flaggedSns = e.Orders.Where(o => o.Current).Select(o => o.Line.FeedetlSn).ToList();
            var currentSns = i != current ? [] : flaggedSns.Count > 0 ? flaggedSns : e.Orders.Select(o => o.Line.FeedetlSn).ToList();
            return new SentEncounter(e.Episode, e.Lv, e.Admdvs, e.Orders.Select(o => o.Line).ToList(), i == current, currentSns);
        }).ToList());
    }

    private static (Episode, string?, string?, List<(FeeLine, bool)>)? Encounter(
        NationalReader reader, JsonElement encounter, string path, string? psnNo, string? gend, DateOnly? brdy)
    {
        if (encounter.ValueKind != JsonValueKind.Object)
        {
            reader.Fail(path, "expected a JSON object");
            return null;
        }
        var before = reader.Errors.Count;
        var mdtrtId = reader.Text(encounter, path, "mdtrt_id", required: true);
        var medinsId = reader.Text(encounter, path, "medins_id", required: true);
        var admdvs = reader.Text(encounter, path, "medins_admdvs", required: false);
        var level = reader.Text(encounter, path, "medins_lv", required: false);
        if (level is not null && !InstitutionLevels.IsKnownHospLv(level))
            reader.Fail($"{path}.medins_lv", $"'{level}' is not a national hosp_lv code (01–14)");
        var admDate = reader.Time(encounter, path, "adm_date", required: true);
        var dscgDate = reader.Time(encounter, path, "dscg_date", required: false);
        var medType = reader.Text(encounter, path, "med_type", required: true);
        var insutype = reader.Text(encounter, path, "insutype", required: true);
        var admDept = reader.Text(encounter, path, "adm_dept_codg", required: false);
        var mainCode = reader.Text(encounter, path, "dscg_main_dise_codg", required: false);
        if (admDate is { } a && dscgDate is { } d && d < a)
            reader.Fail($"{path}.dscg_date", "is before adm_date");
        if (brdy is { } b && admDate is { } t && b > NationalTime.DateOf(t))
            reader.Fail($"{path}.adm_date", "is before the patient's brdy");
        var diagnoses = Diagnoses(reader, encounter, path, dscgDate is not null, mainCode);

        var orders = new List<(FeeLine, bool)>();
        var list = Items(reader, encounter, path, "fsi_order_dtos", required: false);
        var serials = new HashSet<string>(StringComparer.Ordinal);
        for (var o = 0; o < list.Count; o++)
            if (Order(reader, list[o], $"{path}.fsi_order_dtos[{o}]") is { } order)
            {
                if (!serials.Add(order.Item1.FeedetlSn))
                    reader.Fail($"{path}.fsi_order_dtos[{o}].rx_id", $"'{order.Item1.FeedetlSn}' is sent twice in this encounter");
                orders.Add(order);
            }
        if (reader.Errors.Count > before || psnNo is null || gend is null || brdy is null)
            return null;
        var episode = new Episode(medinsId!, mdtrtId!, psnNo, gend, brdy.Value, insutype!, medType!, admDate!.Value, diagnoses, dscgDate, admDept);
        return (episode, level, admdvs, orders);
    }

    /// <summary>
    /// <c>fsi_diagnose_dtos[]</c>: the discharge diagnoses (<c>inout_dise_type</c> 2) of a discharged encounter, else the
    /// admission ones (1), else all; <c>dscg_main_dise_codg</c> is the main one when none is flagged.
    /// </summary>
    private static List<Diagnosis> Diagnoses(NationalReader reader, JsonElement encounter, string path, bool discharged, string? mainCode)
    {
        var all = new List<(Diagnosis Diagnosis, string? Type)>();
        var list = Items(reader, encounter, path, "fsi_diagnose_dtos", required: false);
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            var itemPath = $"{path}.fsi_diagnose_dtos[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                reader.Fail(itemPath, "expected a JSON object");
                continue;
            }
            // The 2401 diagnosis reader checks the code against the catalogue; its paths are this message's.
            var type = reader.Text(item, itemPath, "inout_dise_type", required: false);
            if (type is not null and not ("1" or "2"))
                reader.Fail($"{itemPath}.inout_dise_type", "must be 1 (入院) or 2 (出院)");
            var main = reader.Text(item, itemPath, "maindise_flag", required: false) ?? "0";
            if (main is not ("0" or "1"))
                reader.Fail($"{itemPath}.maindise_flag", "must be 0 or 1");
            var code = reader.Text(item, itemPath, "dise_codg", required: true);
            var time = reader.Time(item, itemPath, "dise_date", required: false);
            if (code is not null && reader.IsKnownDiagnosis(code) is false)
                reader.Fail($"{itemPath}.dise_codg", $"'{code}' is not an ICD-10 医保版 2.0 diagnosis code");
            else if (code is not null)
                all.Add((new Diagnosis("1", main, code.ToUpperInvariant(), reader.Text(item, itemPath, "dise_name", required: false), time), type));
        }
        var chosen = discharged && all.Any(d => d.Type == "2") ? all.Where(d => d.Type == "2")
            : all.Any(d => d.Type == "1") ? all.Where(d => d.Type == "1")
            : all;
        var diagnoses = chosen.Select(d => d.Diagnosis).ToList();
        if (mainCode is not null && !diagnoses.Any(d => d.IsMain))
            diagnoses.Insert(0, new Diagnosis("1", "1", mainCode.ToUpperInvariant()));
        return diagnoses;
    }

    /// <summary><c>fsi_order_dtos[]</c> → a fee line (docs/national.md), and whether it is the order being checked now.</summary>
    private static (FeeLine, bool)? Order(NationalReader reader, JsonElement order, string path)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            reader.Fail(path, "expected a JSON object");
            return null;
        }
        var before = reader.Errors.Count;
        var rxId = reader.Text(order, path, "rx_id", required: true);
        var code = reader.Text(order, path, "hilist_code", required: true);
        var cnt = reader.Number(order, path, "cnt", required: true);
        var pric = reader.Number(order, path, "pric", required: true);
        var sumamt = reader.Number(order, path, "sumamt", required: false);
        var time = reader.Time(order, path, "drord_begn_date", required: true);
        var chrgType = reader.Text(order, path, "chrg_type", required: false);
        var hilistType = reader.Text(order, path, "hilist_type", required: false);
        var level = reader.Text(order, path, "hilist_lv", required: false);
        var behaviour = reader.Text(order, path, "drord_bhvr", required: false);
        var current = reader.Text(order, path, "curr_drord_flag", required: false);
        if (cnt is <= 0)
            reader.Fail($"{path}.cnt", "must be more than zero");
        if (pric < 0)
            reader.Fail($"{path}.pric", "must not be negative");
        var chargeType = chrgType ?? ChargeTypeOf(hilistType);
        if (chargeType is null)
            reader.Fail(hilistType is null ? $"{path}.chrg_type" : $"{path}.hilist_type",
                hilistType is null ? "give chrg_type (医疗收费项目类别) or hilist_type" : $"'{hilistType}' is not a hilist_type (101, 102, 201, 301 …) and no chrg_type is given");
        var chrgitmLv = level switch { null => null, "1" or "01" => "01", "2" or "02" => "02", "3" or "03" => "03", _ => "?" };
        if (chrgitmLv == "?")
            reader.Fail($"{path}.hilist_lv", $"'{level}' is not a list level (1 甲, 2 乙, 3 丙)");
        if (current is not null and not ("0" or "1"))
            reader.Fail($"{path}.curr_drord_flag", "must be 0 or 1");
        if (reader.Errors.Count > before)
            return null;
        var line = new FeeLine(rxId!, time!.Value, code!, chargeType!, cnt!.Value, pric!.Value, sumamt ?? decimal.Round(cnt.Value * pric.Value, 2),
            DrordNo: reader.Text(order, path, "rxno", required: false),
            MedinsListCodg: reader.Text(order, path, "hosplist_code", required: false),
            ChrgitmLv: chrgitmLv,
            BilgDeptCodg: reader.Text(order, path, "drord_dept_codg", required: false),
            BilgDrCodg: reader.Text(order, path, "drord_dr_codg", required: false),
            DscgTkdrugFlag: behaviour == "1" ? "1" : null);
        return (line, current == "1");
    }

    /// <summary>
    /// <c>hilist_type</c> (目录类别) when no <c>chrg_type</c> is sent: 101 西药中成药 → 09 西药费, 102 饮片 → 10 中药饮片费,
    /// 201 服务项目 → 14 其他费, 301 耗材 → 08 卫生材料费. <c>chrg_type</c>, when sent, is 医疗收费项目类别 itself.
    /// </summary>
    public static string? ChargeTypeOf(string? hilistType) => hilistType switch
    {
        "101" => "09",
        "102" => "10",
        "201" => "14",
        "301" => "08",
        _ => null,
    };

    /// <summary>The findings as <c>output.result[]</c>: one per finding, its lines as <c>judge_result_detail_dtos[]</c>.</summary>
    public static JsonObject Output(IReadOnlyList<PrecheckResult> results, string? taskId)
    {
        var list = new JsonArray();
        foreach (var result in results)
            list.Add(Result(result.Finding, result.RuleName, result.Lines, taskId));
        return new JsonObject { ["result"] = list };
    }

    public static JsonObject Result(Finding finding, string ruleName, IReadOnlyList<PrecheckLine> lines, string? taskId)
    {
        var details = new JsonArray();
        for (var i = 0; i < lines.Count; i++)
            details.Add(new JsonObject
            {
                ["jrd_id"] = $"{finding.FindingId}-{i + 1}",
                ["patn_id"] = finding.PsnNo,
                ["mdtrt_id"] = lines[i].MdtrtId,
                ["rx_id"] = lines[i].FeedetlSn,
                ["vola_item_type"] = lines[i].AtFault ? "1" : "2",
                ["vola_amt"] = lines[i].Amount,
            });
        return new JsonObject
        {
            ["jr_id"] = finding.FindingId,
            ["rule_id"] = finding.RuleId,
            ["rule_name"] = ruleName,
            ["vola_cont"] = finding.Message,
            ["patn_id"] = finding.PsnNo,
            ["mdtrt_id"] = finding.MdtrtId,
            ["vola_amt"] = finding.Amount,
            ["vola_amt_stas"] = finding.Severity == Severity.Violation ? "1" : "0",
            ["sev_deg"] = SeverityDegree(finding.Severity),
            ["vola_evid"] = finding.Basis,
            ["vola_bhvr_type"] = finding.RuleKind,
            ["task_id"] = taskId,
            ["judge_result_detail_dtos"] = details,
        };
    }

    /// <summary>严重程度 as the platform shows it.</summary>
    public static string SeverityDegree(Severity severity) => severity switch
    {
        Severity.Violation => "明确违规",
        Severity.Suspicious => "可疑",
        _ => "提醒",
    };

    private static List<string> Strings(NationalReader reader, JsonElement obj, string path, string name)
    {
        var items = Items(reader, obj, path, name, required: false);
        var values = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind == JsonValueKind.String && items[i].GetString()!.Trim() is { Length: > 0 and <= 100 } value)
                values.Add(value);
            else
                reader.Fail($"{path}.{name}[{i}]", "expected a rule id (text, at most 100 characters)");
        }
        return values;
    }

    private static List<JsonElement> Items(NationalReader reader, JsonElement obj, string path, string name, bool required)
    {
        if (!obj.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            if (required)
                reader.Fail($"{path}.{name}", "is required");
            return [];
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            reader.Fail($"{path}.{name}", "expected an array");
            return [];
        }
        if (required && list.GetArrayLength() == 0)
            reader.Fail($"{path}.{name}", "must not be empty");
        return list.EnumerateArray().ToList();
    }
}
