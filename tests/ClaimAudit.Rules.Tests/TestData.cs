using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
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
    public const string WorkInjuryDrug = "ZH01AAB0066010100716"; // 疤痕止痒软化膏, b3 工伤
    public const string MaternityDrug = "XG02ADD082D003010179504"; // 地诺前列酮栓, b3 生育
    public const string InpatientOnlyDrug = "XB05BAU005B002010102180"; // ω-3鱼油脂肪乳注射液, b4 住院
    public const string SecondaryLevelDrug = "ZA05CAC0029010102312"; // 参附注射液, b5 二级
    public const string TertiaryLevelDrug = "XS01LAL328B002010104021"; // 雷珠单抗注射液, b5 三级
    public const string PsychiatricNursing = "001201000090000"; // 精神病护理, curated 限 A15
    public const string HeadInjuryDrug = "XN07XXB093B002010100075"; // 吡拉西坦注射液, curated S06;T90
    public const string TenDayCourseDrug = "XC05CAQ005B001010100526"; // 注射用七叶皂苷钠, b6 10天
    public const string WeightSupportTraining = "003402000210000"; // 减重支持系统训练, b8-3 30 天
    public const string Hba1c = "002503020030000"; // 糖化血红蛋白测定, b8-4 1 per 15 days
    public const string PairMain = "002502030700000"; // 红细胞流变特性检测, b7 单日 main
    public const string PairSecondary = "002502020070000"; // 红细胞渗透脆性试验, b7 单日 secondary
    public const string SameHourMain = "003102070040000"; // 冷加压试验, b7 同一小时 main
    public const string SameHourSecondary = "003107010210000"; // 动态血压监测, b7 同一小时 secondary
    public const string NursingLevel2 = "001201000040000"; // Ⅱ级护理

    public static Episode Inpatient(
        string mdtrtId = "M1", string gend = "1", string brdy = "1980-05-01", string begntime = "2026-03-01 08:00:00",
        string? endtime = null, string diag = "J18.900", string fixmedins = "H1", string psnNo = "P1", string? rinp = null) =>
        new(fixmedins, mdtrtId, psnNo, gend, DateOnly.Parse(brdy), "310", "21", DateTime.Parse(begntime),
            [new Diagnosis("1", "1", diag)], endtime is null ? null : DateTime.Parse(endtime), DaysRinpFlag31: rinp);

    public static FeeLine Line(string sn, string code, string time = "2026-03-02 09:00:00", decimal cnt = 1, decimal pric = 10,
        string type = "09", string? refundOf = null) =>
        new(sn, DateTime.Parse(time), code, type, cnt, pric, cnt * pric, InitFeedetlSn: refundOf);

    public static NetLine Net(FeeLine line) => NetLine.Of(line);

    public static AuditContext Context(Episode episode) => new(episode, null);

    public static RuleDefinition Definition(string kind, string id = "R1", Dictionary<string, object?>? parameters = null,
        string? from = null, string? to = null) =>
        new(id, kind, kind, Severity.Violation, parameters is null ? RuleParams.None : new RuleParams(parameters, "test"),
            from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to), "basis", "test");

    /// <summary>Compiles a rule through the registry, so a kind missing from the registry fails its tests.</summary>
    public static T Rule<T>(string kind, Dictionary<string, object?>? parameters = null, string? from = null) where T : IRule =>
        (T)RuleKinds.Create(Definition(kind, parameters: parameters, from: from), ShippedKnowledge);

    public static RuleSet RuleSetOf(params IRule[] rules) => new("test-1", "test", rules, ShippedKnowledge);

    public static AuditContext Context(Episode episode, string hospLv) => new(episode, new InstitutionProfile(episode.FixmedinsCode, null, hospLv, null));

    /// <summary>The partitions an episode rule puts a line in.</summary>
    public static List<PartitionKey> Partitions(this IEpisodeRule rule, AuditContext context, NetLine line)
    {
        var keys = new List<PartitionKey>();
        rule.PartitionsOf(context, line, keys);
        return keys;
    }

    /// <summary>The partitions a person rule puts a line in.</summary>
    public static List<PartitionKey> Partitions(this IPersonRule rule, PersonLine line)
    {
        var keys = new List<PartitionKey>();
        rule.PartitionsOf(line, keys);
        return keys;
    }

    /// <summary>Runs an episode rule the way the engine does: lines grouped into the rule's partitions.</summary>
    public static List<Hit> JudgeEpisode(IEpisodeRule rule, AuditContext context, params FeeLine[] lines) => lines.Select(Net)
        .SelectMany(l => rule.Partitions(context, l).Select(key => (key, l)))
        .GroupBy(x => x.key, x => x.l)
        .Where(g => rule.MayFire(g.Key, g.Select(l => l.Code).ToHashSet(StringComparer.Ordinal)))
        .SelectMany(g => rule.Check(context, g.Key, g.ToList()))
        .ToList();

    /// <summary>Runs a person rule the way the engine does: its line partitions, plus the episodes-only partition.</summary>
    public static List<PersonHit> JudgePerson(IPersonRule rule, IReadOnlyList<PersonEpisode> episodes, params PersonLine[] lines)
    {
        var history = new PersonHistory("P1", episodes);
        var hits = lines.SelectMany(l => rule.Partitions(l).Select(key => (key, l)))
            .GroupBy(x => x.key, x => x.l)
            .SelectMany(g => rule.Check(history, g.Key, g.ToList()))
            .ToList();
        if (rule.JudgesEpisodes)
            hits.AddRange(rule.Check(history, PartitionKey.Whole, []));
        return hits;
    }

    public static PersonEpisode Visit(string mdtrt, string time, string fixmedins = "H1", string medType = "11") =>
        new(fixmedins, mdtrt, medType, DateTime.Parse(time), DateTime.Parse(time).AddHours(1), "E11.900", false);

    public static PersonEpisode StayOf(string mdtrt, string begn, string? end, string fixmedins = "H1") =>
        new(fixmedins, mdtrt, "21", DateTime.Parse(begn), end is null ? null : DateTime.Parse(end), "J18.900", false);

    public static PersonLine PersonLineOf(string mdtrt, string sn, string code, string time, decimal cnt = 1, decimal pric = 10,
        int? prdDays = null, string fixmedins = "H1", string medType = "11", string type = "09") =>
        new(fixmedins, mdtrt, sn, code, type, DateTime.Parse(time), cnt, pric, cnt * pric, prdDays, medType);
}
