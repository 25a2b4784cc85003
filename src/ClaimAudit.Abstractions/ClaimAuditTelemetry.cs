using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ClaimAudit.Abstractions;

/// <summary>
/// Every telemetry name of ClaimAudit, in one place. Labels carry outcomes, rule kinds and severities — never a
/// patient, episode, institution or grain id, which would make one time series per claim.
/// </summary>
public static class ClaimAuditTelemetry
{
    public const string Name = "ClaimAudit";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Fee lines received, by outcome: accepted, duplicate (a re-send), rejected (bad field or conflicting re-send).</summary>
    public static readonly Counter<long> Lines = Meter.CreateCounter<long>("claimaudit.fee_lines", "{line}", "Fee lines received, by outcome");

    /// <summary>Findings raised, by rule kind and severity.</summary>
    public static readonly Counter<long> Findings = Meter.CreateCounter<long>("claimaudit.findings", "{finding}", "Findings raised, by rule kind and severity");

    /// <summary>A fee-line batch inside the episode grain: judging, the durable write and the person update.</summary>
    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>("claimaudit.ingest.duration", "s", "Time to ingest one fee-line batch (judge + commit)");

    /// <summary>The engine's judging of one batch alone.</summary>
    public static readonly Histogram<double> CheckDuration = Meter.CreateHistogram<double>("claimaudit.check.duration", "s", "Time the rule engine takes to judge one batch");

    /// <summary>How long bulk-lane engine work waited in a silo for one of its slots, by work (episode batch, discharge, person update).</summary>
    public static readonly Histogram<double> BulkSlotWait = Meter.CreateHistogram<double>("claimaudit.bulk.slot_wait", "s", "Time bulk-lane engine work waited for a silo's bulk slot");

    /// <summary>Grain states that could not be read, by grain type and reason: format (the row does not decode) or storage (no answer).</summary>
    public static readonly Counter<long> StateReadFailures = Meter.CreateCounter<long>("claimaudit.state_read_failures", "{read}", "Grain state reads that failed, by grain type");

    /// <summary>Requests refused because their credential spent its rate limit (429), by role.</summary>
    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("claimaudit.rate_limited", "{request}", "Requests refused by a credential's rate limit, by role");

    /// <summary>Requests refused for their credential: 401 (none or unknown) and 403 (outside its role), by status.</summary>
    public static readonly Counter<long> Refused = Meter.CreateCounter<long>("claimaudit.auth_refused", "{request}", "Requests refused for their credential, by status");

    /// <summary>National messages answered, by interface (infno) and outcome: ok, invalid (bad fields), fail_open (3101/3102 not answered in budget or cluster unreachable), error.</summary>
    public static readonly Counter<long> NationalMessages = Meter.CreateCounter<long>("claimaudit.national_messages", "{message}", "National-interface messages answered, by infno and outcome");

    public static void CountNational(string infno, string outcome) => NationalMessages.Add(1,
        new KeyValuePair<string, object?>("infno", infno), new KeyValuePair<string, object?>("outcome", outcome));

    public static void CountStateReadFailure(string grainType, string reason) => StateReadFailures.Add(1,
        new KeyValuePair<string, object?>("grain_type", grainType), new KeyValuePair<string, object?>("reason", reason));

    public static void CountLines(string outcome, long count)
    {
        if (count > 0)
            Lines.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }
}
