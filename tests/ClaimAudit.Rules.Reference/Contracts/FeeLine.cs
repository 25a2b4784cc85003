using System.Text.Json.Serialization;
namespace ClaimAudit.Reference.Contracts;

/// <summary>
/// One fee line (2301 费用明细 / FEE_LIST_D). <see cref="FeedetlSn"/> is unique within the episode and is the
/// idempotency key; a refund names the line it refunds in <see cref="InitFeedetlSn"/> and carries a negative
/// <see cref="Cnt"/>.
/// </summary>
public sealed record FeeLine(
    string FeedetlSn,
    DateTime FeeOcurTime,
    string MedListCodg,
    string MedChrgitmType,
    decimal Cnt,
    decimal Pric,
    decimal DetItemFeeSumamt,
    string? InitFeedetlSn = null,
    string? DrordNo = null,
    string? MedinsListCodg = null,
    string? ChrgitmLv = null,
    string? BilgDeptCodg = null,
    string? BilgDrCodg = null,
    string? HospApprFlag = null,
    string? DscgTkdrugFlag = null,
    int? PrdDays = null,
    string? UsedFrquDscr = null)
{
    [JsonIgnore]
    public bool IsRefund => !string.IsNullOrEmpty(InitFeedetlSn);

    [JsonIgnore]
    public DateOnly Date => NationalTime.DateOf(FeeOcurTime);
}
