namespace ClaimAudit.Cli.Generation;

/// <summary>
/// Real national codes the generator bills, with their 收费类别 and a plausible price. Each limited item is
/// limited in the shipped NHSA knowledge (tests check that), so planted violations are real ones.
/// </summary>
public static class Catalogue
{
    public sealed record Item(string Code, string Name, string ChrgitmType, decimal Pric, string ChrgitmLv = "01");

    // Daily inpatient services (NHSA b8-1: each at most once a day).
    public static readonly Item BedFee = new("001109000010000", "普通病房床位费", "01", 50m);
    public static readonly Item InpatientConsultation = new("001102000050000", "住院诊查费", "02", 20m);
    public static readonly Item NursingLevel2 = new("001201000040000", "Ⅱ级护理", "07", 30m);

    // Inpatient-only drugs (b4 限定就医方式 住院), billed to inpatients: payable.
    public static readonly Item[] InpatientDrugs =
    [
        new("XB05BAU005B002010102180", "ω-3鱼油脂肪乳注射液", "09", 168m, "02"),
        new("XB05BAU006B002010102180", "ω-3鱼油中/长链脂肪乳注射液", "09", 152m, "02"),
    ];

    // Outpatient laboratory test (b8-4: at most once per 15 days).
    public static readonly Item Hba1c = new("002503020030000", "糖化血红蛋白测定", "04", 60m);

    // b1 限定性别对象 and 限定年龄对象.
    public static readonly Item FemaleOnlyDrug = new("ZD03AAA0043010100166", "艾附暖宫丸", "11", 25m);
    public static readonly Item MaleOnlyDrug = new("XL02BBA326A001010102180", "阿帕他胺片", "09", 120m, "02");
    public static readonly Item ChildOnlyDrug = new("ZA04CAE0023010100166", "儿童清肺口服液", "11", 30m);

    /// <summary>Main diagnoses of ordinary stays (ICD-10 医保版 2.0), by distinct 3-character category.</summary>
    public static readonly (string Code, string Name)[] Diagnoses =
    [
        ("J18.900", "肺炎"), ("I63.900", "脑梗死"), ("K35.800", "急性阑尾炎，其他未特指"), ("E11.900", "2型糖尿病"),
        ("I10.x00", "特发性（原发性）高血压"), ("N39.000", "泌尿道感染"), ("S72.000", "股骨颈骨折"),
        ("J44.100", "慢性阻塞性肺病伴有急性加重"), ("I21.900", "急性心肌梗死"), ("K80.100", "胆囊结石伴有其他胆囊炎"),
    ];

    /// <summary>Institutions of the sample province: every level group of hosp_lv.</summary>
    public static readonly (string Code, string HospLv)[] Institutions =
    [
        ("H33010000001", "02"), ("H33010000002", "03"), ("H33010000003", "05"),
        ("H33010000004", "06"), ("H33010000005", "08"), ("H33010000006", "11"),
    ];
}
