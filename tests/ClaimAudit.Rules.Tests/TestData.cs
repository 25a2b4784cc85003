using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Kinds;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Tests;

/// <summary>Builders for episodes, lines and rules, over the shipped NHSA knowledge in rules/.</summary>
internal static class TestData
{
    private static readonly Lazy<RuleSet> Shipped = new(() => RuleSetLoader.Load(RuleSetLoader.LocateRulesRoot()));

    public static RuleSet ShippedRuleSet => Shipped.Value;

    public static KnowledgeBase ShippedKnowledge => Shipped.Value.Knowledge;

    // Real national codes from the shipped NHSA tables.
    public const string FemaleOnlyDrug = "ZD03AAA0043010100166"; // 艾附暖宫丸, b1 限定性别 女
    public const string MaleOnlyDrug = "XL02BBA326A001010102180"; // 阿帕他胺片, b1 限定性别 男
    public const string ChildDrug = "ZA04CAE0023010100166"; // 儿童清肺口服液, b1 限定年龄 儿童
    public const string InpatientConsultation = "001102000050000"; // 住院诊查费, b8-1 1 日
    public const string VentilatorHours = "003106030010000"; // 呼吸机辅助呼吸, b8-1 24 小时
    public const string BedFee = "001109000010000"; // 普通病房床位费
    public const string VocationalTraining = "003402000320000"; // 职业功能训练, b8-2 法定就业年龄

    public static Episode Inpatient(
        string mdtrtId = "M1", string gend = "1", string brdy = "1980-05-01", string begntime = "2026-03-01 08:00:00",
        string? endtime = null, string diag = "J18.900", string fixmedins = "H1", string psnNo = "P1", string? rinp = null) =>
        new(fixmedins, mdtrtId, psnNo, gend, DateOnly.Parse(brdy), "310", "21", DateTime.Parse(begntime),
            [new Diagnosis("1", "1", diag)], endtime is null ? null : DateTime.Parse(endtime), DaysRinpFlag31: rinp);

    public static FeeLine Line(string sn, string code, string time = "2026-03-02 09:00:00", decimal cnt = 1, decimal pric = 10,
        string type = "09", string? refundOf = null) =>
        new(sn, DateTime.Parse(time), code, type, cnt, pric, cnt * pric, InitFeedetlSn: refundOf);

    public static NetLine Net(FeeLine line) => new(line, line.Cnt, line.DetItemFeeSumamt);

    public static AuditContext Context(Episode episode) => new(episode, null);

    public static RuleDefinition Definition(string kind, string id = "R1", Dictionary<string, object?>? parameters = null,
        string? from = null, string? to = null) =>
        new(id, kind, kind, Severity.Violation, parameters is null ? RuleParams.None : new RuleParams(parameters, "test"),
            from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to), "basis", "test");

    /// <summary>Compiles a rule through the registry, so a kind missing from the registry fails its tests.</summary>
    public static T Rule<T>(string kind, Dictionary<string, object?>? parameters = null, string? from = null) where T : IRule =>
        (T)RuleKinds.Create(Definition(kind, parameters: parameters, from: from), ShippedKnowledge);

    public static RuleSet RuleSetOf(params IRule[] rules) => new("test-1", "test", rules, ShippedKnowledge);
}
