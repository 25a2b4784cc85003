using ClaimAudit.Rules.Contracts;
using Orleans.Serialization.Cloning;

namespace ClaimAudit.Abstractions;

// The engine records that cross the cluster in bulk — a batch's fee lines (gateway → episode), a person's lines
// (episode → person) and findings (every answer) — go through Orleans' generated serializers by these surrogates,
// so the engine stays free of Orleans attributes. Field ids are the wire format: never reuse or renumber one.

[GenerateSerializer, Immutable, Alias("ClaimAudit.FeeLine.v1")]
public readonly struct FeeLineSurrogate
{
    [Id(0)] public required string FeedetlSn { get; init; }
    [Id(1)] public required DateTime FeeOcurTime { get; init; }
    [Id(2)] public required string MedListCodg { get; init; }
    [Id(3)] public required string MedChrgitmType { get; init; }
    [Id(4)] public required decimal Cnt { get; init; }
    [Id(5)] public required decimal Pric { get; init; }
    [Id(6)] public required decimal DetItemFeeSumamt { get; init; }
    [Id(7)] public string? InitFeedetlSn { get; init; }
    [Id(8)] public string? DrordNo { get; init; }
    [Id(9)] public string? MedinsListCodg { get; init; }
    [Id(10)] public string? ChrgitmLv { get; init; }
    [Id(11)] public string? BilgDeptCodg { get; init; }
    [Id(12)] public string? BilgDrCodg { get; init; }
    [Id(13)] public string? HospApprFlag { get; init; }
    [Id(14)] public string? DscgTkdrugFlag { get; init; }
    [Id(15)] public int? PrdDays { get; init; }
    [Id(16)] public string? UsedFrquDscr { get; init; }
}

[RegisterConverter]
public sealed class FeeLineConverter : IConverter<FeeLine, FeeLineSurrogate>
{
    public FeeLine ConvertFromSurrogate(in FeeLineSurrogate s) => new(s.FeedetlSn, s.FeeOcurTime, s.MedListCodg, s.MedChrgitmType,
        s.Cnt, s.Pric, s.DetItemFeeSumamt, s.InitFeedetlSn, s.DrordNo, s.MedinsListCodg, s.ChrgitmLv, s.BilgDeptCodg, s.BilgDrCodg,
        s.HospApprFlag, s.DscgTkdrugFlag, s.PrdDays, s.UsedFrquDscr);

    public FeeLineSurrogate ConvertToSurrogate(in FeeLine l) => new()
    {
        FeedetlSn = l.FeedetlSn, FeeOcurTime = l.FeeOcurTime, MedListCodg = l.MedListCodg, MedChrgitmType = l.MedChrgitmType,
        Cnt = l.Cnt, Pric = l.Pric, DetItemFeeSumamt = l.DetItemFeeSumamt, InitFeedetlSn = l.InitFeedetlSn, DrordNo = l.DrordNo,
        MedinsListCodg = l.MedinsListCodg, ChrgitmLv = l.ChrgitmLv, BilgDeptCodg = l.BilgDeptCodg, BilgDrCodg = l.BilgDrCodg,
        HospApprFlag = l.HospApprFlag, DscgTkdrugFlag = l.DscgTkdrugFlag, PrdDays = l.PrdDays, UsedFrquDscr = l.UsedFrquDscr,
    };
}

[GenerateSerializer, Immutable, Alias("ClaimAudit.PersonLine.v1")]
public readonly struct PersonLineSurrogate
{
    [Id(0)] public required string FixmedinsCode { get; init; }
    [Id(1)] public required string MdtrtId { get; init; }
    [Id(2)] public required string FeedetlSn { get; init; }
    [Id(3)] public required string MedListCodg { get; init; }
    [Id(4)] public required string MedChrgitmType { get; init; }
    [Id(5)] public required DateTime FeeOcurTime { get; init; }
    [Id(6)] public required decimal Cnt { get; init; }
    [Id(7)] public required decimal Pric { get; init; }
    [Id(8)] public required decimal Amount { get; init; }
    [Id(9)] public int? PrdDays { get; init; }
    [Id(10)] public required string MedType { get; init; }
}

[RegisterConverter]
public sealed class PersonLineConverter : IConverter<PersonLine, PersonLineSurrogate>
{
    public PersonLine ConvertFromSurrogate(in PersonLineSurrogate s) =>
        new(s.FixmedinsCode, s.MdtrtId, s.FeedetlSn, s.MedListCodg, s.MedChrgitmType, s.FeeOcurTime, s.Cnt, s.Pric, s.Amount, s.PrdDays, s.MedType);

    public PersonLineSurrogate ConvertToSurrogate(in PersonLine l) => new()
    {
        FixmedinsCode = l.FixmedinsCode, MdtrtId = l.MdtrtId, FeedetlSn = l.FeedetlSn, MedListCodg = l.MedListCodg, MedChrgitmType = l.MedChrgitmType,
        FeeOcurTime = l.FeeOcurTime, Cnt = l.Cnt, Pric = l.Pric, Amount = l.Amount, PrdDays = l.PrdDays, MedType = l.MedType,
    };
}

[GenerateSerializer, Immutable, Alias("ClaimAudit.Finding.v1")]
public readonly struct FindingSurrogate
{
    [Id(0)] public required string FindingId { get; init; }
    [Id(1)] public required string RuleId { get; init; }
    [Id(2)] public required string RuleKind { get; init; }
    [Id(3)] public required Severity Severity { get; init; }
    [Id(4)] public required string FixmedinsCode { get; init; }
    [Id(5)] public required string MdtrtId { get; init; }
    [Id(6)] public required string PsnNo { get; init; }
    [Id(7)] public required string[] FeedetlSns { get; init; }
    [Id(8)] public required string[] RelatedSns { get; init; }
    [Id(9)] public required decimal Amount { get; init; }
    [Id(10)] public required string Message { get; init; }
    [Id(11)] public required string Basis { get; init; }
    [Id(12)] public required FindingStatus Status { get; init; }
    [Id(13)] public required string RuleSetVersion { get; init; }
    [Id(14)] public required decimal[] LineAmounts { get; init; }
    [Id(15)] public string? Subject { get; init; }
}

[RegisterConverter]
public sealed class FindingConverter : IConverter<Finding, FindingSurrogate>
{
    public Finding ConvertFromSurrogate(in FindingSurrogate s) => new(s.FindingId, s.RuleId, s.RuleKind, s.Severity, s.FixmedinsCode, s.MdtrtId,
        s.PsnNo, s.FeedetlSns, s.RelatedSns, s.Amount, s.Message, s.Basis, s.Status, s.RuleSetVersion)
    {
        LineAmounts = s.LineAmounts,
        Subject = s.Subject,
    };

    public FindingSurrogate ConvertToSurrogate(in Finding f) => new()
    {
        FindingId = f.FindingId, RuleId = f.RuleId, RuleKind = f.RuleKind, Severity = f.Severity, FixmedinsCode = f.FixmedinsCode, MdtrtId = f.MdtrtId,
        PsnNo = f.PsnNo, FeedetlSns = [.. f.FeedetlSns], RelatedSns = [.. f.RelatedSns], Amount = f.Amount, Message = f.Message, Basis = f.Basis,
        Status = f.Status, RuleSetVersion = f.RuleSetVersion, LineAmounts = [.. f.LineAmounts], Subject = f.Subject,
    };
}

/// <summary>The records are immutable: a call inside a silo passes them by reference, as every other engine record.</summary>
public abstract class ImmutableRecordCopier<T> : IDeepCopier<T>
    where T : class
{
    public T? DeepCopy(T? input, CopyContext context) => input;
}

[RegisterCopier]
public sealed class FeeLineCopier : ImmutableRecordCopier<FeeLine>;

[RegisterCopier]
public sealed class PersonLineCopier : ImmutableRecordCopier<PersonLine>;

[RegisterCopier]
public sealed class FindingCopier : ImmutableRecordCopier<Finding>;
