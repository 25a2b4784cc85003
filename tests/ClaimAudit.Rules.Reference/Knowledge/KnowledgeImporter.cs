using System.Globalization;
using System.Text.RegularExpressions;
using ClaimAudit.Reference.Contracts;
using Sylvan.Data.Csv;

namespace ClaimAudit.Reference.Knowledge;

/// <summary>
/// Reads knowledge tables: NHSA 两库 batches in their published layout (Chinese column headers, one workbook sheet
/// per CSV), ClaimAudit's curated tables, and the ICD-10 医保版 catalogue. A table is recognised by its headers,
/// not its name, so next year's batch is a file drop.
/// </summary>
public static partial class KnowledgeImporter
{
    /// <summary>The level columns of the curated price-cap table, highest first (…限价 per level).</summary>
    private static readonly string[] CapLevels = [.. new[] { InstitutionLevel.Tertiary, InstitutionLevel.Secondary, InstitutionLevel.Primary }.Select(InstitutionLevels.Label)];

    public static KnowledgeBase LoadDirectory(string knowledgeDir, string rulesRoot)
    {
        var icdPath = Directory.EnumerateFiles(knowledgeDir, Icd10Catalogue.FileName, SearchOption.AllDirectories).FirstOrDefault();
        var icd = icdPath is null ? null : Icd10Catalogue.Load(icdPath);
        var points = new List<KnowledgePoint>();
        var pairs = new List<ChargePair>();
        var files = new List<KnowledgeFile>();
        // Drug tables come in two halves: names (通用名 → limit) and codes (通用名 → product codes).
        var drugNames = new Dictionary<(string Name, string Type), (string Value, string? Note, string Source)>();
        var drugCodes = new List<(string Name, string Type, string Code, string Source)>();

        foreach (var path in Directory.EnumerateFiles(knowledgeDir, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(rulesRoot, path).Replace('\\', '/');
            var table = CsvTable.Read(path, relative);
            var layout = Recognise(table);
            var before = points.Count + pairs.Count + drugCodes.Count + drugNames.Count;
            switch (layout)
            {
                case "drug-names":
                    foreach (var row in table.Rows)
                    {
                        var value = row.Get("限定对象") ?? row.Get("限定值域") ?? throw row.Error("限定对象/限定值域 is empty");
                        drugNames.TryAdd((row.Required("药品通用名"), row.Required("限定类型")), (value, row.Get("药品说明"), row.Source));
                    }
                    break;
                case "drug-codes":
                    foreach (var row in table.Rows)
                        drugCodes.Add((row.Required("药品通用名"), row.Required("限定类型"), row.Get("药品代码") ?? row.Required("国标代码"), row.Source));
                    break;
                case "service-limits":
                    foreach (var row in table.Rows)
                    {
                        var value = row.Get("限定对象") ?? row.Get("限定性别") ?? row.Get("限定值域") ?? throw row.Error("限定对象/限定性别/限定值域 is empty");
                        points.Add(new KnowledgePoint(row.Required("国标代码"), row.Required("项目名称"), row.Required("限定类型"), value, null, row.Get("项目说明"), row.Source));
                    }
                    break;
                case "charge-pairs":
                    foreach (var row in table.Rows)
                        pairs.Add(new ChargePair(row.Required("主项编码"), row.Required("主项名称"), row.Required("从项编码"), row.Required("从项名称"), row.Required("频度"), row.Get("备注"), row.Source));
                    break;
                case "frequency":
                    foreach (var row in table.DataRows("项目编码"))
                        points.Add(new KnowledgePoint(row.Required("项目编码"), row.Required("项目名称"), LimitTypes.Frequency, row.Number("限制数量"), row.Required("数量单位"), null, row.Source));
                    break;
                case "cycle":
                    foreach (var row in table.DataRows("项目代码"))
                        points.Add(new KnowledgePoint(row.Required("项目代码"), row.Required("项目名称"), LimitTypes.Cycle, row.Number("频次上限"), row.Number("疗程周期"), row.Get("备注"), row.Source));
                    break;
                case "service-remarks":
                    foreach (var row in table.DataRows("项目代码"))
                        points.Add(FromRemark(row));
                    break;
                case "diagnosis-limits":
                    foreach (var row in table.Rows)
                    {
                        var prefixes = row.Required("限定诊断");
                        foreach (var prefix in prefixes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                            if (icd is not null && !icd.HasPrefix(prefix))
                                throw row.Error($"限定诊断 prefix '{prefix}' matches no ICD-10 医保版 code");
                        points.Add(new KnowledgePoint(row.Required("国标代码"), row.Required("药品通用名"), LimitTypes.Diagnosis, prefixes, null, row.Get("限定支付范围"), row.Source));
                    }
                    break;
                case "price-caps":
                    foreach (var row in table.Rows)
                    {
                        var caps = string.Join(';', CapLevels.Select(level => $"{level}:{row.Number(level + "限价")}"));
                        points.Add(new KnowledgePoint(row.Required("项目编码"), row.Required("项目名称"), LimitTypes.PriceCap, caps, row.Get("计价单位"), row.Get("依据"), row.Source));
                    }
                    break;
                case "department-limits":
                    foreach (var row in table.Rows)
                        points.Add(new KnowledgePoint(row.Required("项目编码"), row.Required("项目名称"), LimitTypes.Department, row.Required("限定科室"), null, row.Get("依据"), row.Source));
                    break;
                default:
                    throw new RulesLoadException(relative, 1, $"unrecognised knowledge layout (headers: {string.Join(",", table.Headers)})");
            }
            files.Add(new KnowledgeFile(relative, layout, points.Count + pairs.Count + drugCodes.Count + drugNames.Count - before));
        }

        foreach (var (name, type, code, source) in drugCodes)
        {
            if (drugNames.TryGetValue((name, type), out var limit))
                points.Add(new KnowledgePoint(code, name, type, limit.Value, null, limit.Note, $"{source} + {limit.Source}"));
            else
                throw RowError(source, $"药品通用名 '{name}' ({type}) has codes but no names file defines its limit");
        }

        if (icdPath is not null)
            files.Add(new KnowledgeFile(Path.GetRelativePath(rulesRoot, icdPath).Replace('\\', '/'), "icd10", icd!.Count));
        return new KnowledgeBase(points.Select(Typed).ToList(), files, pairs, icd);
    }

    /// <summary>
    /// Reads a point's value as the type its rule uses, once, here: a value its rule could not use is a load error
    /// naming the file and line, not an exception on every line billed with that code.
    /// </summary>
    private static KnowledgePoint Typed(KnowledgePoint point)
    {
        RulesLoadException Bad(string reason) => RowError(point.Source.Split(" + ")[^1], $"{point.LimitType} of {point.Code}: {reason}");
        static bool Count(string? text, out decimal value) =>
            decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value) && value >= 0;
        switch (point.LimitType)
        {
            case LimitTypes.Course:
                return Count(point.LimitValue.TrimEnd('天'), out var days) && days == decimal.Truncate(days) && days > 0
                    ? point with { Quantity = days }
                    : throw Bad($"'{point.LimitValue}' is not a number of days");
            case LimitTypes.Frequency:
                return Count(point.LimitValue, out var units) ? point with { Quantity = units } : throw Bad($"限制数量 '{point.LimitValue}' is not a number");
            case LimitTypes.Cycle:
                if (!Count(point.LimitValue, out var times) || times != decimal.Truncate(times))
                    throw Bad($"频次上限 '{point.LimitValue}' is not a whole number");
                if (!int.TryParse(point.Unit, NumberStyles.None, CultureInfo.InvariantCulture, out var cycle) || cycle <= 0)
                    throw Bad($"疗程周期 '{point.Unit}' is not a number of days");
                return point with { Quantity = times, CycleDays = cycle };
            case LimitTypes.Level:
                return InstitutionLevels.TryParseLabel(point.LimitValue, out var level)
                    ? point with { MinimumLevel = level }
                    : throw Bad($"'{point.LimitValue}' is not 三级, 二级 or 一级");
            case LimitTypes.Department or LimitTypes.Diagnosis:
                var prefixes = point.LimitValue.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return prefixes.Length > 0 ? point with { Prefixes = prefixes } : throw Bad("names no prefix");
            case LimitTypes.PriceCap:
                var caps = new Dictionary<InstitutionLevel, decimal>();
                foreach (var part in point.LimitValue.Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var (label, text) = part.Split(':') is [var l, var t] ? (l.Trim(), t.Trim()) : throw Bad($"'{part}' is not level:cap");
                    if (!InstitutionLevels.TryParseLabel(label, out var capLevel))
                        throw Bad($"'{label}' is not 三级, 二级 or 一级");
                    // A level with no cap written has no cap.
                    if (text.Length > 0)
                        caps[capLevel] = Count(text, out var cap) ? cap : throw Bad($"cap '{text}' for {label} is not an amount");
                }
                return point with { Caps = caps };
            default:
                return point;
        }
    }

    private static string Recognise(CsvTable table)
    {
        bool Has(params string[] names) => names.All(table.Headers.Contains);
        if (Has("药品通用名", "国标代码", "限定诊断")) return "diagnosis-limits";
        if (Has("项目编码", "三级限价", "二级限价", "一级限价")) return "price-caps";
        if (Has("项目编码", "限定科室")) return "department-limits";
        if (Has("药品通用名", "药品说明", "限定类型")) return "drug-names";
        if (Has("药品通用名", "限定类型") && (Has("药品代码") || Has("国标代码"))) return "drug-codes";
        if (Has("项目名称", "国标代码", "限定类型")) return "service-limits";
        if (Has("主项编码", "从项编码", "频度")) return "charge-pairs";
        if (Has("限制数量", "数量单位", "项目编码")) return "frequency";
        if (Has("频次上限", "疗程周期", "项目代码")) return "cycle";
        if (Has("项目名称", "备注", "项目代码")) return "service-remarks";
        return "unknown";
    }

    // b8-2 and b8-3 share one layout and say what they limit only in 备注: 法定就业年龄 (age), or a payment course.
    private static KnowledgePoint FromRemark(CsvRow row)
    {
        var remark = row.Required("备注");
        if (remark.Contains("法定就业年龄"))
            return new KnowledgePoint(row.Required("项目代码"), row.Required("项目名称"), LimitTypes.Age, "法定就业年龄", null, remark, row.Source);
        var days = remark.Contains("一年") ? 365 : CourseDays().Match(remark) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (days == 0)
            throw row.Error($"备注 '{remark}' names neither an age limit nor a payment course");
        return new KnowledgePoint(row.Required("项目代码"), row.Required("项目名称"), LimitTypes.Course, $"{days}天", null, remark, row.Source);
    }

    private static RulesLoadException RowError(string source, string reason)
    {
        var colon = source.LastIndexOf(':');
        return new RulesLoadException(source[..colon], int.Parse(source[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), reason);
    }

    [GeneratedRegex(@"不超过(\d+)天")]
    private static partial Regex CourseDays();

    private sealed record CsvTable(string File, IReadOnlyList<string> Headers, IReadOnlyList<CsvRow> Rows)
    {
        public static CsvTable Read(string path, string relative)
        {
            using var reader = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true });
            var headers = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim().TrimStart('\uFEFF')).ToList();
            var rows = new List<CsvRow>();
            var line = 1;
            while (reader.Read())
            {
                line++;
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < headers.Count && i < reader.RowFieldCount; i++)
                    values[headers[i]] = reader.GetString(i).Trim();
                if (values.Values.All(string.IsNullOrEmpty))
                    continue;
                rows.Add(new CsvRow(relative, line, values));
            }
            return new CsvTable(relative, headers, rows);
        }

        /// <summary>Rows that carry a code; the published b8 sheets end with 合计 and 备注 rows that do not.</summary>
        public IEnumerable<CsvRow> DataRows(string codeColumn) =>
            Rows.Where(r => r.Get(codeColumn) is { } code && code.All(char.IsAsciiLetterOrDigit));
    }

    private sealed record CsvRow(string File, int Line, IReadOnlyDictionary<string, string> Values)
    {
        public string Source => $"{File}:{Line}";

        public string? Get(string column) => Values.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

        public string Required(string column) => Get(column) ?? throw Error($"{column} is empty");

        public string Number(string column)
        {
            var text = Required(column);
            return decimal.TryParse(text, out _) ? text : throw Error($"{column} '{text}' is not a number");
        }

        public RulesLoadException Error(string reason) => new(File, Line, reason);
    }
}
