using System.Globalization;
using System.Reflection;
using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Gateway.Console;

/// <summary>How the console writes things: national terms in zh-CN, times as yyyy-MM-dd HH:mm, amounts with two decimals, codes with their names.</summary>
public static class ConsoleText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", Invariant);

    public static string Time(DateTime? time) => time is { } t ? Time(t) : "—";

    /// <summary>A moment of the read model (UTC) in 北京时间.</summary>
    public static string Time(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", Invariant);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static string Amount(decimal amount) => amount.ToString("#,##0.00", Invariant);

    public static string Amount(decimal? amount) => amount is { } a ? Amount(a) : "无数据";

    public static string Ratio(decimal? ratio) => ratio is { } r ? (r * 100).ToString("0.00", Invariant) + "%" : "无数据";

    public static string Number(decimal value) => value.ToString("0.##", Invariant);

    public static string Severity(Severity severity) => severity switch
    {
        Rules.Contracts.Severity.Violation => "明确违规",
        Rules.Contracts.Severity.Suspicious => "可疑",
        _ => "提醒",
    };

    public static string Status(FindingStatus status) => status switch
    {
        FindingStatus.Open => "待处理",
        FindingStatus.PendingReview => "待审核",
        FindingStatus.Confirmed => "已确认",
        FindingStatus.Dismissed => "已排除",
        FindingStatus.Appealed => "申诉中",
        FindingStatus.Upheld => "申诉驳回",
        FindingStatus.Overturned => "申诉成立",
        FindingStatus.Withdrawn => "已撤回",
        _ => status.ToString(),
    };

    /// <summary>A status or severity as the API names it (<c>pending_review</c>, <c>suspicious</c>), or the name itself when it is neither.</summary>
    public static string Status(string nationalName) => Named<FindingStatus>(nationalName) is { } status ? Status(status) : nationalName;

    public static string Severity(string nationalName) => Named<Severity>(nationalName) is { } severity ? Severity(severity) : nationalName;

    private static T? Named<T>(string nationalName) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            if (NationalJson.Name(value) == nationalName)
                return value;
        return null;
    }

    public static string EpisodeStatus(string status) => status == Abstractions.EpisodeStatus.Discharged ? "已出院" : "在院";

    public static string Role(string role) => role switch
    {
        "hospital" => "医院医保办",
        "reviewer" => "审核员",
        "bureau" => "医保局",
        "admin" => "管理员",
        "operator" => "运维",
        _ => role,
    };

    /// <summary>What an action of the findings' history is called.</summary>
    public static string Action(string action) => action switch
    {
        "confirm" => "确认",
        "dismiss" => "排除",
        "appeal" => "申诉",
        "uphold" => "驳回申诉",
        "overturn" => "申诉成立",
        "feedback" => "3103 反馈",
        _ => action,
    };

    /// <summary>Each rule kind's name in the national terms (docs/rules.md).</summary>
    private static readonly Dictionary<string, string> KindNames = new(StringComparer.Ordinal)
    {
        ["limit.sex"] = "限定性别",
        ["limit.age"] = "限定年龄",
        ["limit.insurance"] = "限定保险类型",
        ["limit.setting"] = "限定就医方式",
        ["limit.level"] = "限定医疗机构等级",
        ["limit.department"] = "限定开单科室",
        ["price.over-cap"] = "超限价",
        ["limit.diagnosis"] = "限定诊断",
        ["qty.per-period"] = "超每日限定数量",
        ["course.days"] = "超支付疗程",
        ["charge.pair"] = "重复收费（主从项目）",
        ["stay.bed-days"] = "床位费超住院天数",
        ["stay.fee-outside"] = "住院期间外收费",
        ["stay.idle-days"] = "挂床嫌疑",
        ["episode.self-pay-ratio"] = "丙类费用占比",
        ["cycle.frequency"] = "超周期频次",
        ["charge.duplicate-line"] = "重复计费",
        ["episode.readmission"] = "再入院（分解住院嫌疑）",
        ["episode.overlap"] = "住院期间门诊、住院重叠",
        ["drug.supply-overlap"] = "用药时间重叠",
        ["visit.frequency"] = "门诊频次异常",
        ["inst.indicator"] = "机构监测指标",
    };

    public static string Kind(string kind) => KindNames.TryGetValue(kind, out var name) ? name : kind;

    public static IEnumerable<string> Kinds => KindNames.Keys;

    private static readonly Lazy<Dictionary<(string Field, string Code), string>> Codes = new(LoadCodes);

    /// <summary>A national code with its name from the dictionary (<c>09 西药费</c>), or the code alone when unknown.</summary>
    public static string Code(string field, string? code) => code is null ? "—"
        : Codes.Value.TryGetValue((field, code), out var name) ? $"{code} {name}" : code;

    public static string? CodeName(string field, string? code) => code is not null && Codes.Value.TryGetValue((field, code), out var name) ? name : null;

    private static Dictionary<(string, string), string> LoadCodes()
    {
        var codes = new Dictionary<(string, string), string>();
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ClaimAudit.Gateway.Console.CodeValues.nhsa-code-values.csv")
            ?? throw new InvalidOperationException("the national code values are not embedded in the gateway");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // 字段名,字段值
        while (reader.ReadLine() is { } line)
        {
            // "med_chrgitm_type 医疗收费类别,09 西药费": the field's name before its Chinese title, the code before its name.
            var comma = line.IndexOf(',');
            if (comma < 0)
                continue;
            var field = line[..comma].Split(' ')[0];
            var value = line[(comma + 1)..];
            var space = value.IndexOf(' ');
            if (space > 0)
                codes[(field, value[..space])] = value[(space + 1)..];
        }
        return codes;
    }
}
