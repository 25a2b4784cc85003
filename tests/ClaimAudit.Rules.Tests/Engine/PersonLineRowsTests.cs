using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Engine;
using CsCheck;

namespace ClaimAudit.Rules.Tests.Engine;

/// <summary>The person's own tables, each against a dictionary doing the same, over any sequence of operations.</summary>
public class PersonLineRowsTests
{
    private static readonly PersonLineEpisode[] Episodes = [new("H1", "M1", "21"), new("H1", "M2", "21"), new("H2", "M1", "11")];

    [Fact]
    public void Rows_hold_each_id_once_in_first_arrival_order_with_the_line_last_put_and_answer_the_one_they_held()
    {
        // Few ids (3 episodes × 40 serials) so that lines are put again, and enough of them to grow the index several times.
        // Counts of any scale and sign, some too wide for 64 bits (kept whole on the side), and periods or none.
        var count = Gen.OneOf(Gen.Int[1, 9].Select(i => (decimal)i), Gen.Select(Gen.Long, Gen.Byte[0, 28], (c, scale) => new decimal(c) / (decimal)Math.Pow(10, scale % 6)),
            Gen.Const(1_180_591_620_717_411_303_424.5m));
        var put = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 39], count, Gen.Int[-1, 30]).Array[0, 400];
        // Serials kept as bytes, and a few kept whole with their line (not ASCII, or too long for the bytes).
        string Serial(int serial) => serial % 13 == 5 ? $"S{serial}号" : serial % 13 == 7 ? new string('9', 130) + serial : $"S{serial}";
        put.Sample(puts =>
        {
            var rows = new PersonLineRows();
            var model = new List<(LineId Id, PersonLine Line)>();
            foreach (var (episode, serial, cnt, days) in puts)
            {
                // A line is put with the person's own episode object, as the person does.
                var line = new PersonLine(rows.Share(Episodes[episode]), Serial(serial), $"C{serial % 7}", $"{serial % 3:00}", new DateTime(2026, 3, 1).AddMinutes(serial), cnt, 1.50m, -cnt, days < 0 ? null : days);
                var at = model.FindIndex(m => m.Id == LineId.Of(line));
                var before = rows.Put(line, out var row);
                if (at < 0)
                {
                    if (before is not null || row != model.Count)
                        return false;
                    model.Add((LineId.Of(line), line));
                }
                else
                {
                    // The line the row held, made again from it: equal, not the same object.
                    if (before != model[at].Line || row != at)
                        return false;
                    model[at] = (model[at].Id, line);
                }
            }
            return rows.Count == model.Count
                && rows.AsEnumerable().SequenceEqual(model.Select(m => m.Line))
                // Made again from its row, a line has the very bits it was put with (1.0 stays 1.0).
                && model.Select((m, i) => Bits(rows[i]) == Bits(m.Line)).All(x => x)
                && model.Select((m, i) => rows.RowOf(m.Id) == i).All(x => x)
                && rows.RowOf(new LineId(rows.Share(Episodes[0]), "absent")) == -1
                // One object per episode part, however many equal ones the lines came with.
                && ReferenceEquals(rows.Share(Episodes[1]), rows.Share(new PersonLineEpisode("H1", "M2", "21")))
                // The same values in another episode object are another person's line: ids hold the person's own object.
                && rows.RowOf(new LineId(new PersonLineEpisode("H1", "M1", "21"), Serial(0))) == -1;
        }, iter: 2_000);
    }

    private static string Bits(PersonLine line) =>
        string.Join(",", new[] { line.Cnt, line.Pric, line.Amount }.SelectMany(decimal.GetBits)) + $"|{line.PrdDays}|{line.FeeOcurTime.Ticks}|{line.MedListCodg}|{line.MedChrgitmType}";

    [Fact]
    public void Lone_partitions_answer_what_a_dictionary_answers_through_any_adds_and_removals()
    {
        // Hashes from a small set collide in their probe slots; low and high halves alike vary.
        var hash = Gen.OneOf(Gen.ULong[0, 40], Gen.ULong[0, 40].Select(h => h << 32), Gen.ULong);
        var op = Gen.Select(Gen.Int[0, 2], hash, Gen.Int[0, 1_000]);
        op.Array[0, 600].Sample(ops =>
        {
            var map = new LonePartitions();
            var model = new Dictionary<ulong, int>();
            foreach (var (kind, h, row) in ops)
            {
                switch (kind)
                {
                    case 0:
                        if (map.TryAdd(h, row) != model.TryAdd(h, row))
                            return false;
                        break;
                    case 1:
                        map.Remove(h);
                        model.Remove(h);
                        break;
                }
                if (map.TryGetRow(h, out var found) != model.TryGetValue(h, out var expected) || found != (model.ContainsKey(h) ? expected : -1))
                    return false;
            }
            return model.All(kv => map.TryGetRow(kv.Key, out var r) && r == kv.Value);
        }, iter: 2_000);
    }
}
