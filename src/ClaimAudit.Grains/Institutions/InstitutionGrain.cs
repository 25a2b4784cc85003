using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Kinds;
using Orleans.Concurrency;

namespace ClaimAudit.Grains.Institutions;

[GenerateSerializer, Alias("ClaimAudit.InstitutionState")]
public sealed class InstitutionState
{
    [Id(0)] public InstitutionProfile? Profile { get; set; }
    [Id(1)] public int Episodes { get; set; }
    [Id(2)] public int Lines { get; set; }
    [Id(3)] public decimal Amount { get; set; }
    [Id(4)] public decimal Deduction { get; set; }
    [Id(5)] public Dictionary<string, int> FindingsByKind { get; set; } = [];
    [Id(6)] public Dictionary<string, PeriodTotals> Periods { get; set; } = [];
}

/// <summary>
/// An institution's attributes (level for the rules), its counters and monthly totals fed by episode deltas, and
/// its indicator flags. Every discharge of the institution lands here, so writes are coalesced: deltas that arrive
/// while a write is under way go out together in the next one, and each caller is answered only once a write that
/// includes its delta has committed (Chirper's pattern; interleaving is safe because state changes never await).
/// </summary>
[GrainType("institution")]
[Reentrant]
public sealed class InstitutionGrain(
    [PersistentState("institution", StorageNames.ClaimAudit)] IPersistentState<InstitutionState> state,
    IRuleSetProvider rules) : Grain, IInstitutionGrain
{
    private Task? _writing;
    private bool _dirty;

    public async Task<InstitutionView> Upsert(InstitutionProfile profile)
    {
        state.State.Profile = profile;
        await WriteCoalescedAsync();
        return View();
    }

    public Task<InstitutionProfile?> GetProfile() => Task.FromResult(state.State.Profile);

    public Task<InstitutionView?> Get() =>
        Task.FromResult(state.State.Profile is null && state.State.Episodes == 0 ? null : View());

    public async Task Apply(InstitutionDelta delta)
    {
        Add(delta, 1);
        try
        {
            await WriteCoalescedAsync();
        }
        catch
        {
            // The episode was told this delta failed and will send it again: memory must not keep it as well. A write
            // whose answer was lost but which landed is the storage's to reconcile (CheckedGrainStorage).
            Add(delta, -1);
            throw;
        }
    }

    private void Add(InstitutionDelta delta, int sign)
    {
        var s = state.State;
        s.Episodes += sign * delta.Episodes;
        s.Lines += sign * delta.Lines;
        s.Amount += sign * delta.Amount;
        s.Deduction += sign * delta.Deduction;
        foreach (var (kind, count) in delta.FindingsByKind)
            s.FindingsByKind[kind] = s.FindingsByKind.GetValueOrDefault(kind) + sign * count;
        foreach (var period in delta.Periods)
        {
            var sum = s.Periods.TryGetValue(period.Period, out var known) ? known.Plus(period, sign) : sign > 0 ? period : period.Negated();
            if (sign < 0 && sum == Empty(period.Period))
                s.Periods.Remove(period.Period); // a month this delta opened closes with it
            else
                s.Periods[period.Period] = sum;
        }
    }

    private static PeriodTotals Empty(string period) => new(period, 0, 0, 0, 0, 0, 0, 0, 0);

    private async Task WriteCoalescedAsync()
    {
        _dirty = true;
        while (_dirty)
        {
            if (_writing is { } inFlight)
            {
                // This change is not in the write under way: wait for it, then make sure a later write carries it.
                await inFlight;
                continue;
            }
            _dirty = false;
            _writing = state.WriteStateAsync();
            try
            {
                await _writing;
            }
            finally
            {
                _writing = null;
            }
        }
    }

    private InstitutionView View()
    {
        var s = state.State;
        var code = this.GetPrimaryKeyString();
        var profile = s.Profile ?? new InstitutionProfile(code, null, null, null);
        var ruleSet = rules.For(profile.Admdvs);
        var periods = s.Periods.Values.OrderBy(p => p.Period, StringComparer.Ordinal).ToList();
        var findings = ruleSet.InstitutionRules
            .SelectMany(rule => rule.Check(code, periods).Select(hit => FindingFactory.Create(rule, ruleSet.Version, code, "", "", hit.Hit)))
            .ToList();
        return new InstitutionView(profile, s.Episodes, s.Lines, s.Amount, s.Deduction,
            s.FindingsByKind.Where(kv => kv.Value != 0).ToDictionary(), periods, findings);
    }
}
