namespace ClaimAudit.Cli.Generation;

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

    /// <summary>A 三级 hospital whose June consumables breach the scorecard threshold (inst.indicator).</summary>
    public static readonly (string Code, string HospLv) ConsumableHeavyInstitution = ("H33010000007", "02");
}
