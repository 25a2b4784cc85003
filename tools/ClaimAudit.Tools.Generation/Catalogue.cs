namespace ClaimAudit.Tools.Generation;

/// <summary>
/// Real national codes the generator bills, with their 收费类别 and a plausible price. Each limited item is
/// limited in the shipped knowledge and each ordinary item is limited nowhere (tests check both), so planted
/// violations are real ones and nothing else is.
/// </summary>
public static class Catalogue
{
    public sealed record Item(string Code, string Name, string ChrgitmType, decimal Pric, string ChrgitmLv = "01");

    // Daily inpatient services (NHSA b8-1: each at most once a day), priced at or under every level's cap.
    public static readonly Item BedFee = new("001109000010000", "普通病房床位费", "01", 50m);
    public static readonly Item InpatientConsultation = new("001102000050000", "住院诊查费", "02", 20m);
    public static readonly Item NursingLevel2 = new("001201000040000", "Ⅱ级护理", "07", 30m);

    // Inpatient-only drugs (b4 限定就医方式 住院), billed to inpatients: payable.
    public static readonly Item[] InpatientDrugs =
    [
        new("XB05BAU005B002010102180", "ω-3鱼油脂肪乳注射液", "09", 40m, "02"),
        new("XB05BAU006B002010102180", "ω-3鱼油中/长链脂肪乳注射液", "09", 38m, "02"),
    ];

    // Outpatient services.
    public static readonly Item Hba1c = new("002503020030000", "糖化血红蛋白测定", "04", 60m); // b8-4: 1 per 15 days
    public static readonly Item ClinicConsultation = new("001102000010000", "普通门诊诊查费", "02", 15m);
    public static readonly Item Dulaglutide = new("XA10BJD332B002010178403", "度拉糖肽注射液", "09", 180m, "02"); // b5 二级; E11 only

    // Items planted for one rule each.
    public static readonly Item FemaleOnlyDrug = new("ZD03AAA0043010100166", "艾附暖宫丸", "11", 25m); // b1 女
    public static readonly Item MaleOnlyDrug = new("XL02BBA326A001010102180", "阿帕他胺片", "09", 120m, "02"); // b1 男
    public static readonly Item ChildOnlyDrug = new("ZA04CAE0023010100166", "儿童清肺口服液", "11", 30m); // b1 儿童
    public static readonly Item WorkInjuryDrug = new("ZH01AAB0066010100716", "疤痕止痒软化膏", "11", 45m); // b3 工伤
    public static readonly Item SecondaryLevelDrug = new("ZA05CAC0029010102312", "参附注射液", "11", 60m, "02"); // b5 二级
    public static readonly Item PsychiatricNursing = new("001201000090000", "精神病护理", "07", 35m); // curated: 精神科 A15
    public static readonly Item HeadInjuryDrug = new("XN07XXB093B002010100075", "吡拉西坦注射液", "09", 25m, "02"); // curated: S06/T90
    public static readonly Item TenDayCourseDrug = new("XC05CAQ005B001010100526", "注射用七叶皂苷钠", "09", 28m, "02"); // b6 10天
    public static readonly Item PairMain = new("002502030700000", "红细胞流变特性检测", "04", 30m); // b7 #62 主项
    public static readonly Item PairSecondary = new("002502020070000", "红细胞渗透脆性试验", "04", 20m); // b7 #62 从项, 单日
    public static readonly Item LabTest = new("002503100070000", "抗利尿激素测定", "04", 80m);
    public static readonly Item SelfPayExam = new("003103000440000", "巩膜透照检查", "03", 120m, "03"); // 丙类
    // No NHSA table lists consumables: this code follows the 20-character 医用耗材 layout but is illustrative.
    public static readonly Item Consumable = new("C14020101010100000000", "一次性使用无菌注射器", "08", 500m, "02");

    /// <summary>The department every ordinary line is billed by (诊疗科目 A03 内科).</summary>
    public const string InternalMedicine = "A03";

    /// <summary>Main diagnoses of ordinary stays (ICD-10 医保版 2.0), by distinct 3-character category.</summary>
    public static readonly (string Code, string Name)[] Diagnoses =
    [
        ("J18.900", "肺炎"), ("K35.800", "急性阑尾炎，其他未特指"), ("E11.900", "2型糖尿病"),
        ("I10.x00", "特发性（原发性）高血压"), ("N39.000", "泌尿道感染"), ("S72.000", "股骨颈骨折"),
        ("J44.100", "慢性阻塞性肺病伴有急性加重"), ("I21.900", "急性心肌梗死"), ("K80.100", "胆囊结石伴有其他胆囊炎"),
    ];

    /// <summary>Institutions of the sample province: every level group of hosp_lv.</summary>
    public static readonly (string Code, string HospLv)[] Institutions =
    [
        ("H33010000001", "02"), ("H33010000002", "03"), ("H33010000003", "05"),
        ("H33010000004", "06"), ("H33010000005", "08"), ("H33010000006", "11"),
    ];

    // Province-scale filler: what a long stay bills besides its daily services. Each is limited nowhere the shipped
    // knowledge looks (b1–b8, curated tables; the drugs only to inpatients, b4 住院) and no two of them, nor any of
    // them with another item above, form a b7 duplicate-charge pair (tests check all of it), so filler is clean.
    public static readonly Item[] InpatientFiller =
    [
        new("002503020010000", "葡萄糖测定", "04", 12m), new("002503040010000", "钾测定", "04", 10m),
        new("002503040020000", "钠测定", "04", 10m), new("002503040030000", "氯测定", "04", 10m),
        new("002503040040000", "钙测定", "04", 10m), new("002503040050000", "无机磷测定", "04", 10m),
        new("002501020030000", "尿比重测定", "04", 5m), new("002501030010000", "粪便常规", "04", 8m),
        new("002501020040000", "渗透压检查", "04", 25m), new("002503100180000", "血浆皮质醇测定", "04", 45m),
        new("002503100390000", "血清胰岛素测定", "04", 45m), new("002503100410000", "血清C肽测定", "04", 45m),
        new("003106020010000", "床边简易肺功能测定", "03", 30m), new("003101000230000", "肌电图", "03", 60m),
        new("XB05BAF150B002010100269", "复方氨基酸注射液(18AA)", "09", 35m, "02"),
        new("XB05BAF151B002010100309", "复方氨基酸注射液(18AA-Ⅰ)", "09", 38m, "02"),
        new("XB05BAF152B002010100273", "复方氨基酸注射液(18AA-Ⅱ)", "09", 36m, "02"),
        new("XB05BAZ032B002010100376", "中/长链脂肪乳注射液(C8-24)", "09", 42m, "02"),
        new("XB05BAZ018B002010100273", "脂肪乳注射液(C14-24)", "09", 40m, "02"),
    ];

    /// <summary>Outpatient filler: services only, none of them billed to inpatients, so a visit during a stay never copies a stay's line.</summary>
    public static readonly Item[] OutpatientFiller =
    [
        new("002503020010100", "葡萄糖测定(干化学法)", "04", 12m), new("002503040010100", "钾测定(干化学法)", "04", 10m),
        new("002503040020100", "钠测定(干化学法)", "04", 10m), new("002503040030100", "氯测定(干化学法)", "04", 10m),
        new("002503040040100", "钙测定(干化学法)", "04", 10m), new("002503040050100", "无机磷测定(干化学法)", "04", 10m),
        new("002501020040100", "渗透压检查(尿)", "04", 20m), new("002503100390100", "血清胰岛素测定(化学发光法)", "04", 45m),
        new("002503100410100", "血清C肽测定-化学发光法", "04", 45m), new("002503100180100", "血浆皮质醇测定(化学发光法)", "04", 45m),
        new("002503100230100", "醛固酮测定(化学发光法)", "04", 50m), new("003106010010000", "肺通气功能检查", "03", 40m),
    ];

    /// <summary>A province's institutions: every hosp_lv value (三级 01–04, 12; 二级 05–07, 13; 一级 08–10, 14; 11 无等级).</summary>
    public static readonly (string Code, string HospLv)[] ProvinceInstitutions =
    [
        .. Institutions,
        ("H33010000101", "01"), ("H33010000104", "04"), ("H33010000107", "07"), ("H33010000109", "09"),
        ("H33010000110", "10"), ("H33010000112", "12"), ("H33010000113", "13"), ("H33010000114", "14"),
    ];

    /// <summary>A 三级 hospital whose June consumables breach the scorecard threshold (inst.indicator).</summary>
    public static readonly (string Code, string HospLv) ConsumableHeavyInstitution = ("H33010000007", "02");
}
