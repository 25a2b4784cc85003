namespace ClaimAudit.Reference.Knowledge;

/// <summary>
/// b7 重复收费 pair: secondary item B must not be billed with main item A within <see cref="Period"/>
/// (频度: 单日, 单次就诊, 同一小时, 6小时).
/// </summary>
public sealed record ChargePair(string MainCode, string MainName, string SecondaryCode, string SecondaryName, string Period, string? Note, string Source);
