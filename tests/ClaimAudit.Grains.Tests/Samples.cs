using ClaimAudit.Rules.Contracts;

namespace ClaimAudit.Grains.Tests;

internal static class Samples
{
    public const string FemaleOnlyDrug = "ZD03AAA0043010100166"; // 艾附暖宫丸, NHSA b1 限女性
    public const string InpatientConsultation = "001102000050000"; // 住院诊查费, b8-1 1 次/日

    /// <summary>A key no other test uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static Episode Admission(string mdtrtId, string psnNo, string begntime = "2026-03-01 08:00:00", string diag = "J18.900",
        string gend = "1", string fixmedins = "H1", string? rinp = null) =>
        new(fixmedins, mdtrtId, psnNo, gend, new DateOnly(1980, 5, 1), "310", "21", DateTime.Parse(begntime),
            [new Diagnosis("1", "1", diag)], DaysRinpFlag31: rinp);

    public static FeeLine Line(string sn, string code, string time, decimal cnt = 1, decimal pric = 20, string type = "02", string? refundOf = null) =>
        new(sn, DateTime.Parse(time), code, type, cnt, pric, cnt * pric, InitFeedetlSn: refundOf);

    public static DischargeInfo DischargeAt(string endtime, string? diag = null) =>
        new(DateTime.Parse(endtime), diag is null ? [] : [new Diagnosis("1", "1", diag)], "1");
}
