namespace ClaimAudit.Reference.Contracts;

/// <summary>
/// The longest value each national field may carry (字符型 lengths of the 定点医药机构接口规范 data dictionary, see
/// docs/api.md#field-limits). A value over its length is refused with the field's path, so an identifier can never
/// be a megabyte of text echoed into a header or a log, and a row never fails its column in a database downstream.
/// </summary>
public static class NationalFieldLengths
{
    /// <summary>Any text field not listed: the widest column of the platform's extract layouts (VARCHAR2(500)).</summary>
    public const int Default = 500;

    private static readonly Dictionary<string, int> Lengths = new(StringComparer.Ordinal)
    {
        ["mdtrt_id"] = 30,
        ["psn_no"] = 30,
        ["feedetl_sn"] = 30,
        ["init_feedetl_sn"] = 30,
        ["drord_no"] = 30,
        ["fixmedins_code"] = 30,
        ["admdvs"] = 6,
        ["insuplc_admdvs"] = 6,
        ["insutype"] = 6,
        ["med_type"] = 6,
        ["gend"] = 6,
        ["hosp_lv"] = 3,
        ["chrgitm_lv"] = 3,
        ["med_chrgitm_type"] = 6,
        ["hosp_appr_flag"] = 3,
        ["dscg_tkdrug_flag"] = 3,
        ["diag_type"] = 3,
        ["maindiag_flag"] = 3,
        ["dscg_way"] = 6,
        ["diag_code"] = 20,
        ["med_list_codg"] = 50,
        ["medins_list_codg"] = 150,
        ["adm_dept_codg"] = 30,
        ["bilg_dept_codg"] = 30,
        ["bilg_dr_codg"] = 30,
        ["used_frqu_dscr"] = 30,
        ["diag_name"] = 300,
        ["fixmedins_name"] = 200,
        ["name"] = 200,
    };

    public static int Of(string field) => Lengths.GetValueOrDefault(field, Default);

    /// <summary>Why a value cannot be this field (too long, or holding control characters), or null when it can; <paramref name="limit"/> for a field that is not national.</summary>
    public static string? Check(string field, string value, int? limit = null)
    {
        var most = limit ?? Of(field);
        if (value.Length > most)
            return $"is {value.Length} characters long; the field holds at most {most}";
        var at = value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f');
        if (at < 0)
            at = value.IndexOf('\u007f');
        return at >= 0 ? $"must not contain control characters (U+{(int)value[at]:X4} at position {at + 1})" : null;
    }
}
