using System.CommandLine;
using ClaimAudit.Tools.Generation;

namespace ClaimAudit.Tools.Commands;

/// <summary>
/// <c>claimaudit loadgen --persons N --seed S [--shape province] --out episodes.ndjson [--csv DIR]</c>: a seeded
/// synthetic province with its ground truth, as NDJSON episode documents and, with <c>--csv</c>, the platform tables.
/// </summary>
public static class LoadgenCommand
{
    public static Command Create()
    {
        var persons = new Option<int>("--persons") { Description = "Insured persons to generate", DefaultValueFactory = _ => 150 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same province", DefaultValueFactory = _ => 7 };
        var output = new Option<FileInfo>("--out") { Description = "Episode documents (NDJSON)", Required = true };
        var truth = new Option<FileInfo?>("--truth") { Description = "Ground truth CSV: rule_kind, fixmedins_code, mdtrt_id, feedetl_sn (default: beside --out)" };
        var shape = new Option<string>("--shape") { Description = "compact (short stays, single-line visits) or province (stays of median 500 / p99 5,000 lines, visits of 5–20)", DefaultValueFactory = _ => "compact" };
        shape.AcceptOnlyFromAmong("compact", "province");
        var csv = new Option<DirectoryInfo?>("--csv") { Description = "Also write the platform tables MDTRT_D, FEE_LIST_D, SETL_LIST_DIAG_D (national column layout) here" };
        var command = new Command("loadgen", "Generate a seeded synthetic province with violations planted at known rates") { persons, seed, shape, output, truth, csv };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outFile = parse.GetValue(output)!;
            var truthFile = parse.GetValue(truth) ?? new FileInfo(Path.ChangeExtension(outFile.FullName, ".truth.csv"));
            var generator = new ProvinceGenerator(parse.GetValue(seed), parse.GetValue(persons), ProvinceShape.Parse(parse.GetValue(shape)!));
            var (episodes, lines, planted) = await WriteAsync(generator, outFile, truthFile, parse.GetValue(csv), cancellationToken);
            Console.WriteLine($"{episodes} episodes, {lines} fee lines → {outFile.FullName}; {planted} planted violations → {truthFile.FullName}");
            if (parse.GetValue(csv) is { } dir)
                Console.WriteLine($"platform tables → {dir.FullName}/{{{PlatformCsvWriter.Episodes},{PlatformCsvWriter.FeeLines},{PlatformCsvWriter.Diagnoses}}}");
            return 0;
        });
        return command;
    }

    public static async Task<(int Episodes, long Lines, int Planted)> WriteAsync(ProvinceGenerator generator, FileInfo output, FileInfo truth, DirectoryInfo? csv,
        CancellationToken cancellationToken)
    {
        output.Directory?.Create();
        await using var documents = output.CreateText();
        await using var truths = truth.CreateText();
        using var platform = csv is null ? null : new PlatformCsvWriter(csv);
        await truths.WriteLineAsync("rule_kind,fixmedins_code,mdtrt_id,feedetl_sn");
        var (episodes, lines, planted) = (0, 0L, 0);
        foreach (var episode in generator.Generate())
        {
            await documents.WriteLineAsync(episode.ToJson().AsMemory(), cancellationToken);
            platform?.Write(episode);
            foreach (var t in episode.Truths)
                await truths.WriteLineAsync($"{t.RuleKind},{t.FixmedinsCode},{t.MdtrtId},{t.FeedetlSn}".AsMemory(), cancellationToken);
            episodes++;
            lines += episode.Lines.Count;
            planted += episode.Truths.Count;
        }
        return (episodes, lines, planted);
    }
}
