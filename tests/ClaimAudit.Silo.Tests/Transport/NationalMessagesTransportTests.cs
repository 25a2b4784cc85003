using ClaimAudit.Abstractions;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using ClaimAudit.Rules.Review;
using ClaimAudit.Testing.Storage;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ClaimAudit.Silo.Tests.Transport;

/// <summary>The messages of the national interfaces cross between a gateway process and the silos as they were sent.</summary>
public class NationalMessagesTransportTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddClaimAuditSerialization().BuildServiceProvider().GetRequiredService<Serializer>();

    private static void Crosses<T>(Gen<T> messages) => messages.Sample(message =>
        Assert.Null(Equivalence.FirstDifference(message, Serializer.Deserialize<T>(Serializer.SerializeToArray(message)))), iter: 200);

    private static DateTime Seconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond);

    /// <summary>Engine records cross in the national JSON shape, whose times are to the second (as every national time is).</summary>
    private static readonly Gen<Episode> Episode = StateGenerators.Episode.Select(e => e with
    {
        Begntime = Seconds(e.Begntime),
        Endtime = e.Endtime is { } end ? Seconds(end) : null,
        Diseinfo = e.Diseinfo.Select(d => d with { DiagTime = d.DiagTime is { } t ? Seconds(t) : null }).ToList(),
    });

    private static readonly Gen<SentEncounter> Encounter = Gen.Select(Episode, Gen.OneOf<string?>(null, "02", "11"), Gen.OneOf<string?>(null, "330106"),
        StateGenerators.FeeLine.Array[0, 6], Gen.Bool, Gen.OneOf<string>("A", "B").Array[0, 3],
        (episode, level, admdvs, lines, current, sns) => new SentEncounter(episode, level, admdvs, lines, current, sns));

    [Fact]
    public void A_check_its_answer_warnings_feedback_snapshots_records_and_batch_results_round_trip()
    {
        Crosses(Gen.Select(Gen.OneOf<string>("H1", "H2"), StateGenerators.NationalTime, Gen.Enum<PrecheckScope>(), Gen.OneOf<string>("R1", "R2").Array[0, 2],
            Gen.Select(Gen.OneOf<string>("P1", "P2"), Encounter.Array[1, 3], (psn, encounters) => new PrecheckPatient(psn, encounters)).Array[1, 3],
            (code, at, scope, rules, patients) => new PrecheckRequest(code, at, scope, rules, patients)));
        Crosses(Gen.Select(StateGenerators.Finding, Gen.OneOf<string>("规则", "rule"),
            Gen.Select(Gen.OneOf<string>("S1", "S2"), Gen.OneOf<string?>(null, "M1"), Gen.Bool, Gen.Decimal[0, 1000], (sn, m, f, a) => new PrecheckLine(sn, m, f, a)).Array[0, 4],
            (finding, name, lines) => new PrecheckResult(finding, name, lines)).Array[0, 3].Select(results => new PrecheckAnswer(results, ["R9"])));
        Crosses(Gen.Select(StateGenerators.Finding, StateGenerators.Time, (f, at) => new IssuedWarning(f.FindingId, f.MdtrtId, f.Severity, f.Amount, new DateTimeOffset(at, TimeSpan.Zero))));
        Crosses(Gen.Select(StateGenerators.Finding, Gen.Enum<FeedbackWay>(), Gen.OneOf<string?>(null, "患者要求"),
            (f, way, reason) => new WarningFeedback(f.FindingId, f.Severity, f.Amount, way, reason, new Actor("HIS of H1 (李医生)", "hospital"))));
        Crosses(Gen.Select(Episode, StateGenerators.Institution.Null(0.3), StateGenerators.FeeLine.Array[0, 8], (e, i, l) => new EpisodeSnapshot(e, i, l)));
        Crosses(Gen.Select(StateGenerators.PersonEpisode.Select(e => e with { Begntime = Seconds(e.Begntime), Endtime = e.Endtime is { } end ? Seconds(end) : null }).Array[0, 4], StateGenerators.FeeLine.Array[0, 4], (episodes, lines) => new PersonRecord(episodes,
            lines.Select(l => PersonLine.From("H1", "M1", "21", Rules.Judging.NetLine.Of(l))).ToList())));
        Crosses(Gen.Select(Gen.Int[0, 50], Gen.Int[0, 50], Gen.Int[0, 20].Array[0, 5], StateGenerators.Finding.Array[0, 3],
            (accepted, duplicates, indexes, findings) => new FeeBatchResult(accepted, duplicates, [], findings) { DuplicateIndexes = indexes }));
    }

    [Fact]
    public void Fee_lines_person_lines_and_findings_cross_by_their_generated_serializers_to_the_tick_and_are_not_copied_inside_a_silo()
    {
        var copier = new ServiceCollection().AddClaimAuditSerialization().BuildServiceProvider().GetRequiredService<DeepCopier>();
        var lines = Gen.Select(StateGenerators.FeeLine, StateGenerators.Time, (line, time) => line with { FeeOcurTime = time });
        Crosses(lines.Array[0, 6].Select(l => (IReadOnlyList<FeeLine>)[.. l]));
        Crosses(lines.Select(l => PersonLine.From("H1", "M1", "21", Rules.Judging.NetLine.Of(l))));
        Crosses(StateGenerators.Finding);
        lines.Sample(line =>
        {
            var person = PersonLine.From("H1", "M1", "21", Rules.Judging.NetLine.Of(line));
            Assert.Equal(line.FeeOcurTime.Ticks, Serializer.Deserialize<FeeLine>(Serializer.SerializeToArray(line))!.FeeOcurTime.Ticks);
            Assert.DoesNotContain("med_list_codg", System.Text.Encoding.UTF8.GetString(Serializer.SerializeToArray(line))); // not the JSON codec
            Assert.DoesNotContain("med_list_codg", System.Text.Encoding.UTF8.GetString(Serializer.SerializeToArray(person)));
            Assert.Same(line, copier.Copy(line));
            Assert.Same(person, copier.Copy(person));
        }, iter: 100);
        StateGenerators.Finding.Sample(finding =>
        {
            Assert.DoesNotContain("rule_kind", System.Text.Encoding.UTF8.GetString(Serializer.SerializeToArray(finding)));
            Assert.Same(finding, copier.Copy(finding));
        }, iter: 100);
    }
}
