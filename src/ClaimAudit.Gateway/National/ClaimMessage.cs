using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;

namespace ClaimAudit.Gateway.National;

/// <summary>
/// 2401 入院办理 (<c>input.mdtrtinfo</c> + <c>input.diseinfo[]</c>) and 2402 出院办理 (<c>input.dscginfo</c> +
/// <c>input.diseinfo[]</c>) read into the native admission and discharge. The platform assigns <c>mdtrt_id</c> and
/// knows the person's <c>gend</c> and <c>brdy</c>; ClaimAudit does not, so <c>mdtrtinfo</c> carries them
/// (docs/national.md). The institution is the envelope's <c>fixmedins_code</c>.
/// </summary>
public static class ClaimMessage
{
    public static (Episode? Episode, IReadOnlyList<FieldError> Errors) ReadAdmission(NationalEnvelope envelope, Icd10Catalogue? diagnoses)
    {
        if (!envelope.Input.TryGetProperty("mdtrtinfo", out var info) || info.ValueKind != JsonValueKind.Object)
            return (null, [new FieldError("input.mdtrtinfo", "is required and must be a JSON object")]);
        // The native reader reads one object; its paths are rewritten to this message's.
        var merged = JsonNode.Parse(info.GetRawText())!.AsObject();
        merged["fixmedins_code"] = envelope.FixmedinsCode;
        merged.Remove("diseinfo");
        if (envelope.Input.TryGetProperty("diseinfo", out var diseinfo))
            merged["diseinfo"] = JsonNode.Parse(diseinfo.GetRawText());
        using var document = JsonDocument.Parse(merged.ToJsonString());
        var reader = new NationalReader(diagnoses);
        var episode = reader.Admission(document.RootElement, "input.mdtrtinfo");
        var errors = reader.Errors
            .Select(e => e with { Field = e.Field.StartsWith("input.mdtrtinfo.diseinfo", StringComparison.Ordinal) ? "input" + e.Field["input.mdtrtinfo".Length..] : e.Field })
            .ToList();
        return (errors.Count == 0 ? episode : null, errors);
    }

    public static string? IptNo(NationalEnvelope envelope) =>
        envelope.Input.TryGetProperty("mdtrtinfo", out var info) && info.TryGetProperty("ipt_no", out var ipt) && ipt.ValueKind == JsonValueKind.String ? ipt.GetString() : null;

    public static (string? MdtrtId, DischargeInfo? Discharge, IReadOnlyList<FieldError> Errors) ReadDischarge(NationalEnvelope envelope, Icd10Catalogue? diagnoses)
    {
        if (!envelope.Input.TryGetProperty("dscginfo", out var info) || info.ValueKind != JsonValueKind.Object)
            return (null, null, [new FieldError("input.dscginfo", "is required and must be a JSON object")]);
        var reader = new NationalReader(diagnoses);
        var mdtrtId = reader.Text(info, "input.dscginfo", "mdtrt_id", required: true);
        var endtime = reader.Time(info, "input.dscginfo", "endtime", required: true);
        var dscgWay = reader.Text(info, "input.dscginfo", "dscg_way", required: false);
        var diseinfo = reader.Diagnoses(envelope.Input, "input", required: false);
        return reader.HasErrors
            ? (null, null, reader.Errors)
            : (mdtrtId, new DischargeInfo(endtime!.Value, diseinfo, dscgWay), []);
    }
}
