using ClaimAudit.Abstractions;
using ClaimAudit.Grains.Hosting;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using Orleans.Concurrency;

namespace ClaimAudit.Grains.Prechecks;

/// <summary>
/// A 事前/事中 check: reads what the cluster holds of each patient (the person's history, and the stored lines of any
/// sent encounter it already holds), merges the encounters sent, and has the engine judge them in memory. It writes
/// nothing but the warnings it issued to the institution's in-memory list.
/// </summary>
[StatelessWorker, GrainType("precheck")]
public sealed class PrecheckGrain(IRuleSetProvider rules, TimeProvider clock) : Grain, IPrecheckGrain
{
    public async Task<PrecheckAnswer> Check(PrecheckRequest request, CancellationToken cancellationToken)
    {
        var catalog = rules.Catalog;
        var known = catalog.All.SelectMany(s => s.Rules).Select(r => r.Definition.Id).ToHashSet(StringComparer.Ordinal);
        var selected = request.RuleIds.Count > 0 ? request.RuleIds.ToHashSet(StringComparer.Ordinal) : null;
        var names = Names(catalog);

        var results = new List<PrecheckResult>();
        foreach (var patient in request.Patients)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (encounters, stored) = await Merge(patient, cancellationToken);
            var findings = Precheck.Judge(catalog.For, patient.PsnNo, encounters, stored, request.Scope, request.CheckedAt);
            var lines = Locator(encounters, stored, request.FixmedinsCode);
            results.AddRange(findings
                .Where(f => selected is null || selected.Contains(f.RuleId))
                .Select(f => new PrecheckResult(f, names.GetValueOrDefault(f.RuleId) ?? f.RuleId, Lines(f, lines))));
        }

        if (results.Count > 0)
        {
            var at = clock.GetUtcNow();
            await GrainFactory.GetGrain<IIssuedWarningsGrain>(request.FixmedinsCode)
                .Remember(results.Select(r => new IssuedWarning(r.Finding.FindingId, r.Finding.MdtrtId, r.Finding.Severity, r.Finding.Amount, at)).ToList());
        }
        return new PrecheckAnswer(results, request.RuleIds.Where(id => !known.Contains(id)).Distinct().ToList());
    }

    public Task<IReadOnlyDictionary<string, string>> RuleNames() => Task.FromResult<IReadOnlyDictionary<string, string>>(Names(rules.Catalog));

    private static Dictionary<string, string> Names(Rules.RuleSets.RuleSetCatalog catalog) => catalog.All.SelectMany(s => s.Rules)
        .Select(r => r.Definition).DistinctBy(d => d.Id).ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);

    /// <summary>The sent encounters with the lines the cluster already holds of them (each feedetl_sn once: the stored line wins, as 2301 would keep it), and the rest of the person's history.</summary>
    private async Task<(List<PrecheckEncounter>, PersonRecord)> Merge(PrecheckPatient patient, CancellationToken cancellationToken)
    {
        var stored = await GrainFactory.GetGrain<IPersonGrain>(patient.PsnNo).Record();
        var storedKeys = stored.Episodes.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var encounters = new List<PrecheckEncounter>();
        foreach (var sent in patient.Encounters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var episode = sent.Episode;
            // Only the encounter checked is rebuilt as an episode; what the cluster holds of a history one is in the person's record.
            var snapshot = sent.IsCurrent && storedKeys.Contains(episode.Key) ? await GrainFactory.GetEpisode(episode.FixmedinsCode, episode.MdtrtId).Snapshot() : null;
            var institution = snapshot?.Institution
                ?? await GrainFactory.GetGrain<IInstitutionGrain>(episode.FixmedinsCode).GetProfile()
                ?? new InstitutionProfile(episode.FixmedinsCode, null, sent.MedinsLv, sent.MedinsAdmdvs);
            var lines = sent.Lines;
            if (snapshot is not null)
            {
                var held = snapshot.Lines.Select(l => l.FeedetlSn).ToHashSet(StringComparer.Ordinal);
                lines = [.. snapshot.Lines, .. sent.Lines.Where(l => !held.Contains(l.FeedetlSn))];
            }
            encounters.Add(new PrecheckEncounter(episode, institution, lines, sent.IsCurrent, sent.CurrentSns));
        }
        return (encounters, stored);
    }

    /// <summary>Where each line lives, for the answer's details: only lines of the asking institution's episodes are named.</summary>
    private static Dictionary<string, (string MdtrtId, decimal Amount)> Locator(List<PrecheckEncounter> encounters, PersonRecord stored, string fixmedinsCode)
    {
        var lines = new Dictionary<string, (string, decimal)>(StringComparer.Ordinal);
        foreach (var line in stored.Lines.Where(l => l.FixmedinsCode == fixmedinsCode))
            lines.TryAdd(line.FeedetlSn, (line.MdtrtId, line.Amount));
        foreach (var encounter in encounters.Where(e => e.Episode.FixmedinsCode == fixmedinsCode))
            foreach (var line in NetLines.Fold(encounter.Lines))
                lines[line.Sn] = (encounter.Episode.MdtrtId, line.Amount);
        return lines;
    }

    private static List<PrecheckLine> Lines(Finding finding, Dictionary<string, (string MdtrtId, decimal Amount)> lines) =>
        PrecheckLine.Of(finding, sn => lines.TryGetValue(sn, out var line) ? line : null);
}
