using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Testing;
using ClaimAudit.Tools.Benchmarking;
using Npgsql;

namespace ClaimAudit.Tools.Tests;

/// <summary>B2's SQL answers the cross-episode rules it claims to, on a person whose history breaks four of them.</summary>
public class ConventionalBaselineTests
{
    private static FeeLine Line(string sn, DateTime at, string code, int? prdDays = null) => new(sn, at, code, "09", 1, 10m, 10m, PrdDays: prdDays);

    [Fact]
    public async Task The_conventional_baseline_flags_duplicates_outpatient_lines_during_a_stay_readmissions_and_cycle_excess()
    {
        var server = PostgresServer.Instance;
        var database = await server.CreateDatabaseAsync("b2");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString(database));
            var baseline = new ConventionalBaseline(dataSource);
            var knowledge = new KnowledgeBase([new KnowledgePoint("002503020030000", "糖化血红蛋白测定", LimitTypes.Cycle, "1", "15", null, "test")], []);
            await baseline.PrepareAsync(knowledge);
            Diagnosis[] pneumonia = [new("1", "1", "J18.900")];
            var stay = new Episode("H1", "A", "P1", "1", new DateOnly(1970, 1, 1), "310", "21", new DateTime(2026, 3, 1, 9, 0, 0), pneumonia, new DateTime(2026, 3, 8, 10, 0, 0));
            var visit = new Episode("H2", "B", "P1", "1", new DateOnly(1970, 1, 1), "310", "11", new DateTime(2026, 3, 4, 15, 0, 0), pneumonia, new DateTime(2026, 3, 4, 16, 0, 0));
            var again = stay with { MdtrtId = "C", Begntime = new DateTime(2026, 3, 13, 9, 0, 0), Endtime = new DateTime(2026, 3, 15, 9, 0, 0) };
            var planned = again with { MdtrtId = "D", Begntime = new DateTime(2026, 3, 16, 9, 0, 0), Endtime = new DateTime(2026, 3, 17, 9, 0, 0), DaysRinpFlag31 = "1" };
            EpisodeDocument[] documents =
            [
                new(stay, "05", [Line("1", new DateTime(2026, 3, 4, 15, 10, 0), "X"), Line("2", new DateTime(2026, 3, 2, 9, 0, 0), "002503020030000")]),
                // Same code, minute, cnt and pric in another episode: a duplicate; an outpatient line during the stay.
                new(visit, "05", [Line("1", new DateTime(2026, 3, 4, 15, 10, 30), "X")]),
                // 5 days after discharge, same category: a readmission; HbA1c 10 days after the first: one too many in 15 days.
                new(again, "05", [Line("1", new DateTime(2026, 3, 12, 9, 0, 0).AddDays(1), "002503020030000")]),
                // Declared planned: no readmission.
                new(planned, "05", [Line("1", new DateTime(2026, 3, 17, 8, 0, 0), "Y")]),
            ];

            var result = await baseline.RunAsync(documents, 50, concurrency: 1, CancellationToken.None);

            Assert.Equal(5, result.Lines);
            Assert.Equal(
            [
                ("charge.duplicate-line", "H2", "B", "1"),  // the visit's line repeats the stay's: same code, minute, cnt, pric
                ("cycle.frequency", "H1", "C", "1"),        // HbA1c 11 days after the first: one too many in 15 days
                ("episode.overlap", "H2", "B", "1"),        // an outpatient line strictly inside the stay
                ("episode.readmission", "H1", "C", ""),     // 5 days after discharge, same category; D declares itself planned
            ], result.Hits.Order());
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
