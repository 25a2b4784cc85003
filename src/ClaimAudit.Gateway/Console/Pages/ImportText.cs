using ClaimAudit.Gateway.Imports;

namespace ClaimAudit.Gateway.Console.Pages;

/// <summary>An import job's state and phase in the console's words.</summary>
public static class ImportText
{
    public static string State(ImportStatus job) => job.State switch
    {
        "queued" => "排队中",
        "running" => job.Phase == "reading" ? "读取中" : "发送中",
        "completed" => "已完成",
        "failed" => "失败",
        _ => job.State,
    };
}
