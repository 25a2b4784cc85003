using ClaimAudit.Grains.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Kinds;

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

/// <summary>An institution's attributes (level for the rules), its counters and monthly totals fed by episode deltas, and its indicator flags.</summary>
[GrainType("institution")]
public sealed class InstitutionGrain(
    [PersistentState("institution", StorageNames.ClaimAudit)] IPersistentState<InstitutionState> state,
    IRuleSetProvider rules) : Grain, IInstitutionGrain
{
    public async Task<InstitutionView> Upsert(InstitutionProfile profile)
    {
        state.State.Profile = profile;
        await state.WriteStateAsync();
        return View();
    }

    public Task<InstitutionProfile?> GetProfile() => Task.FromResult(state.State.Profile);

    public Task<InstitutionView?> Get() =>
        Task.FromResult(state.State.Profile is null && state.State.Episodes == 0 ? null : View());

    public async Task Apply(InstitutionDelta delta)
    {
        var s = state.State;
        s.Episodes += delta.Episodes;
        s.Lines += delta.Lines;
        s.Amount += delta.Amount;
        s.Deduction += delta.Deduction;
        foreach (var (kind, count) in delta.FindingsByKind)
            s.FindingsByKind[kind] = s.FindingsByKind.GetValueOrDefault(kind) + count;
        foreach (var period in delta.Periods)
            s.Periods[period.Period] = s.Periods.TryGetValue(period.Period, out var known) ? known.Plus(period) : period;
        await state.WriteStateAsync();
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
