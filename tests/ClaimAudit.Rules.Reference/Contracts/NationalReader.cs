using System.Globalization;
using System.Text.Json;
using ClaimAudit.Reference.Knowledge;

namespace ClaimAudit.Reference.Contracts;

/// <summary>
/// Reads national-interface JSON (2401 admission, 2402 discharge, 2301 fee lines, episode documents) into
/// contracts, collecting every bad field with its path instead of stopping at the first. HIS systems send
/// numbers and codes both as JSON numbers and as strings; both are accepted.
/// </summary>
public sealed class NationalReader(Icd10Catalogue? diagnoses = null)
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public static (Episode? Episode, IReadOnlyList<FieldError> Errors) ReadAdmission(JsonElement body, Icd10Catalogue? diagnoses = null)
    {
        var reader = new NationalReader(diagnoses);
        var episode = reader.Admission(body, "");
        return (reader.HasErrors ? null : episode, reader.Errors);
    }

    /// <summary>
    /// One fee line. The platform's own 2301 carries no <c>med_chrgitm_type</c> (it knows the catalogue); with
    /// <paramref name="chargeTypeRequired"/> false a missing one is taken from the code (<see cref="ChargeTypeOfCode"/>).
    /// </summary>
    public static (FeeLine? Line, IReadOnlyList<FieldError> Errors) ReadFeeLine(JsonElement element, string path, bool chargeTypeRequired = true)
    {
        var reader = new NationalReader();
        var line = reader.FeeLine(element, path, chargeTypeRequired);
        return (reader.HasErrors ? null : line, reader.Errors);
    }

    public static (DischargeInfo? Discharge, IReadOnlyList<FieldError> Errors) ReadDischarge(JsonElement body, Icd10Catalogue? diagnoses = null)
    {
        var reader = new NationalReader(diagnoses);
        if (body.ValueKind != JsonValueKind.Object)
        {
            reader.Fail("", "expected a JSON object");
            return (null, reader.Errors);
        }
        var endtime = reader.Time(body, "", "endtime", required: true);
        var diseinfo = reader.Diagnoses(body, "", required: false);
        var dscgWay = reader.Text(body, "", "dscg_way", required: false);
        return (reader.HasErrors ? null : new DischargeInfo(endtime!.Value, diseinfo, dscgWay), reader.Errors);
    }

    public Episode? Admission(JsonElement body, string prefix)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            Fail(prefix, "expected a JSON object");
            return null;
        }
        var fixmedinsCode = Text(body, prefix, "fixmedins_code", required: true);
        var mdtrtId = Text(body, prefix, "mdtrt_id", required: true);
        var psnNo = Text(body, prefix, "psn_no", required: true);
        var gend = Text(body, prefix, "gend", required: true);
        var brdy = Date(body, prefix, "brdy", required: true);
        var insutype = Text(body, prefix, "insutype", required: true);
        var medType = Text(body, prefix, "med_type", required: true);
        var begntime = Time(body, prefix, "begntime", required: true);
        var endtime = Time(body, prefix, "endtime", required: false);
        var diseinfo = Diagnoses(body, prefix, required: false);
        var admDept = Text(body, prefix, "adm_dept_codg", required: false);
        var dscgWay = Text(body, prefix, "dscg_way", required: false);
        var rinp = Text(body, prefix, "days_rinp_flag_31", required: false);

        if (rinp is not null and not ("0" or "1"))
            Fail(Join(prefix, "days_rinp_flag_31"), "must be 0 or 1");
        if (brdy is { } b && begntime is { } t && b > NationalTime.DateOf(t))
            Fail(Join(prefix, "brdy"), "is after begntime");
        if (begntime is { } s && endtime is { } e && e < s)
            Fail(Join(prefix, "endtime"), "is before begntime");
        if (HasErrors)
            return null;

        return new Episode(fixmedinsCode!, mdtrtId!, psnNo!, gend!, brdy!.Value, insutype!, medType!, begntime!.Value,
            diseinfo, endtime, admDept, dscgWay, rinp);
    }

    public FeeLine? FeeLine(JsonElement line, string path, bool chargeTypeRequired = true)
    {
        if (line.ValueKind != JsonValueKind.Object)
        {
            Fail(path, "expected a JSON object");
            return null;
        }
        var before = _errors.Count;
        var sn = Text(line, path, "feedetl_sn", required: true);
        var initSn = Text(line, path, "init_feedetl_sn", required: false);
        var time = Time(line, path, "fee_ocur_time", required: true);
        var code = Text(line, path, "med_list_codg", required: true);
        var chrgType = Text(line, path, "med_chrgitm_type", required: chargeTypeRequired) ?? (code is null ? null : ChargeTypeOfCode(code));
        var cnt = Number(line, path, "cnt", required: true);
        var pric = Number(line, path, "pric", required: true);
        var sumamt = Number(line, path, "det_item_fee_sumamt", required: false);
        var prdDays = Number(line, path, "prd_days", required: false);

        if (pric < 0)
            Fail(Join(path, "pric"), "must not be negative");
        if (cnt is { } c)
        {
            if (c == 0)
                Fail(Join(path, "cnt"), "must not be zero");
            else if (initSn is null && c < 0)
                Fail(Join(path, "cnt"), "is negative but init_feedetl_sn does not name the refunded line");
            else if (initSn is not null && c > 0)
                Fail(Join(path, "cnt"), "a refund (init_feedetl_sn set) must carry a negative cnt");
        }
        if (initSn is not null && initSn == sn)
            Fail(Join(path, "init_feedetl_sn"), "a line cannot refund itself");
        if (prdDays is { } d && (d < 0 || d != decimal.Truncate(d)))
            Fail(Join(path, "prd_days"), "must be a whole number of days, 0 or more");
        if (_errors.Count > before)
            return null;

        return new FeeLine(sn!, time!.Value, code!, chrgType!, cnt!.Value, pric!.Value,
            sumamt ?? decimal.Round(cnt!.Value * pric!.Value, 2),
            InitFeedetlSn: initSn,
            DrordNo: Text(line, path, "drord_no", required: false),
            MedinsListCodg: Text(line, path, "medins_list_codg", required: false),
            ChrgitmLv: Text(line, path, "chrgitm_lv", required: false),
            BilgDeptCodg: Text(line, path, "bilg_dept_codg", required: false),
            BilgDrCodg: Text(line, path, "bilg_dr_codg", required: false),
            HospApprFlag: Text(line, path, "hosp_appr_flag", required: false),
            DscgTkdrugFlag: Text(line, path, "dscg_tkdrug_flag", required: false),
            PrdDays: prdDays is { } p ? (int)p : null,
            UsedFrquDscr: Text(line, path, "used_frqu_dscr", required: false));
    }

    public IReadOnlyList<Diagnosis> Diagnoses(JsonElement body, string prefix, bool required)
    {
        var path = Join(prefix, "diseinfo");
        if (!body.TryGetProperty("diseinfo", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            if (required)
                Fail(path, "is required");
            return [];
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            Fail(path, "expected an array");
            return [];
        }
        var result = new List<Diagnosis>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                Fail(itemPath, "expected a JSON object");
                continue;
            }
            var code = Text(item, itemPath, "diag_code", required: true);
            var type = Text(item, itemPath, "diag_type", required: false) ?? "1";
            var main = Text(item, itemPath, "maindiag_flag", required: false) ?? "0";
            if (main is not ("0" or "1"))
                Fail(Join(itemPath, "maindiag_flag"), "must be 0 or 1");
            var time = Time(item, itemPath, "diag_time", required: false);
            if (code is not null && diagnoses is not null && !diagnoses.IsKnown(code))
                Fail(Join(itemPath, "diag_code"), $"'{code}' is not an ICD-10 医保版 2.0 diagnosis code");
            else if (code is not null)
                result.Add(new Diagnosis(type, main, code.ToUpperInvariant(), Text(item, itemPath, "diag_name", required: false), time));
        }
        return result;
    }

    public string? Text(JsonElement obj, string prefix, string name, bool required)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                Fail(Join(prefix, name), "is required");
            return null;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            Fail(Join(prefix, name), "expected a string");
            return null;
        }
        if (text.Length == 0)
        {
            if (required)
                Fail(Join(prefix, name), "is required");
            return null;
        }
        // No national field carries control characters, and PostgreSQL refuses U+0000 in text: a batch holding one
        // could never be committed, so it would never be acknowledged. Lengths are the national field lengths.
        if (NationalFieldLengths.Check(name, text) is { } reason)
        {
            Fail(Join(prefix, name), reason);
            return null;
        }
        return text;
    }

    public decimal? Number(JsonElement obj, string prefix, string name, bool required)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length == 0))
        {
            if (required)
                Fail(Join(prefix, name), "is required");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            return number;
        if (value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out number))
            return number;
        Fail(Join(prefix, name), "expected a number");
        return null;
    }

    public DateTime? Time(JsonElement obj, string prefix, string name, bool required)
    {
        var text = Text(obj, prefix, name, required);
        if (text is null)
            return null;
        if (NationalTime.TryParseTime(text, out var time))
            return time;
        Fail(Join(prefix, name), $"expected a local time as {NationalTime.TimeFormat}");
        return null;
    }

    public DateOnly? Date(JsonElement obj, string prefix, string name, bool required)
    {
        var text = Text(obj, prefix, name, required);
        if (text is null)
            return null;
        if (NationalTime.TryParseDate(text, out var date))
            return date;
        Fail(Join(prefix, name), $"expected a date as {NationalTime.DateFormat}");
        return null;
    }

    public void Fail(string field, string reason) => _errors.Add(new FieldError(field, reason));

    /// <summary>
    /// 医疗收费项目类别 from the shape of a national code: 西药 X… → 09 西药费, 中成药 Z… → 11 中成药费, 中药饮片 T… → 10
    /// 中药饮片费, 医用耗材 C… → 08 卫生材料费; a service (digits) → 14 其他费, which the bed and nursing rules do not read.
    /// </summary>
    public static string ChargeTypeOfCode(string medListCodg) => char.ToUpperInvariant(medListCodg[0]) switch
    {
        'X' => "09",
        'Z' => "11",
        'T' => "10",
        'C' => "08",
        _ => "14",
    };

    /// <summary>Whether the ICD-10 医保版 catalogue knows a diagnosis code; null when no catalogue is loaded.</summary>
    public bool? IsKnownDiagnosis(string code) => diagnoses?.IsKnown(code);

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}

/// <summary>2402 出院: the discharge time, the final diagnoses and 离院方式.</summary>
public sealed record DischargeInfo(DateTime Endtime, IReadOnlyList<Diagnosis> Diseinfo, string? DscgWay);
