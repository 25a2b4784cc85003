using System.Text.Json;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Review;

namespace ClaimAudit.Gateway.National;

/// <summary>
/// 3103 事前事中服务反馈: <c>warn_type</c> (1 事前, 2 事中) and <c>warns[]</c> (<c>warn_rslt_id</c> = a 3101/3102 <c>jr_id</c>,
/// <c>dspo_way</c> 1 继续执行医嘱 / 2 返回修改医嘱, <c>dspo_way_rea</c> required when continuing). Read from <c>input.data</c>,
/// or from <c>input</c> itself when a HIS sends the fields there.
/// </summary>
public static class FeedbackMessage
{
    public sealed record Warn(string Path, string WarnRsltId, FeedbackWay Way, string? Reason);

    public static (IReadOnlyList<Warn> Warns, IReadOnlyList<FieldError> Errors) Read(NationalEnvelope envelope)
    {
        var reader = new NationalReader();
        var (body, path) = envelope.Input.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? (data, "input.data")
            : (envelope.Input, "input");
        var warnType = reader.Text(body, path, "warn_type", required: true);
        if (warnType is not null and not ("1" or "2"))
            reader.Fail($"{path}.warn_type", "must be 1 (事前) or 2 (事中)");
        var warns = new List<Warn>();
        if (!body.TryGetProperty("warns", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            reader.Fail($"{path}.warns", "is required and must be a non-empty array");
        else
        {
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = $"{path}.warns[{i++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    reader.Fail(itemPath, "expected a JSON object");
                    continue;
                }
                var id = reader.Text(item, itemPath, "warn_rslt_id", required: true);
                var way = reader.Text(item, itemPath, "dspo_way", required: true);
                var reason = reader.Text(item, itemPath, "dspo_way_rea", required: false);
                if (way is not null and not ("1" or "2"))
                    reader.Fail($"{itemPath}.dspo_way", "must be 1 (继续执行医嘱) or 2 (返回修改医嘱)");
                else if (way == "1" && reason is null)
                    reader.Fail($"{itemPath}.dspo_way_rea", "is required when continuing (dspo_way 1): the reason is the hospital's justification");
                if (id is not null && way is "1" or "2" && !(way == "1" && reason is null))
                    warns.Add(new Warn($"{itemPath}.warn_rslt_id", id, way == "1" ? FeedbackWay.Continue : FeedbackWay.Modify, reason));
            }
        }
        return (reader.HasErrors ? [] : warns, reader.Errors);
    }
}
