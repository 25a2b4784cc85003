using System.CommandLine;
using ClaimAudit.Cli.Generation;

namespace ClaimAudit.Cli.Commands;

/// <summary><c>claimaudit loadgen --persons N --seed S --out episodes.ndjson</c>: a seeded synthetic province with its ground truth.</summary>
public static class LoadgenCommand
{
    public static Command Create()
    {
        var persons = new Option<int>("--persons") { Description = "Insured persons to generate", DefaultValueFactory = _ => 150 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same province", DefaultValueFactory = _ => 7 };
        var output = new Option<FileInfo>("--out") { Description = "Episode documents (NDJSON)", Required = true };
        var truth = new Option<FileInfo?>("--truth") { Description = "Ground truth CSV: rule_kind, fixmedins_code, mdtrt_id, feedetl_sn (default: beside --out)" };
        var command = new Command("loadgen", "Generate a seeded synthetic province with violations planted at known rates") { persons, seed, output, truth };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outFile = parse.GetValue(output)!;
            var truthFile = parse.GetValue(truth) ?? new FileInfo(Path.ChangeExtension(outFile.FullName, ".truth.csv"));
            var (episodes, planted) = await WriteAsync(new ProvinceGenerator(parse.GetValue(seed), parse.GetValue(persons)), outFile, truthFile, cancellationToken);
            Console.WriteLine($"{episodes} episodes → {outFile.FullName}; {planted} planted violations → {truthFile.FullName}");
            return 0;
        });
        return command;
    }

    public static async Task<(int Episodes, int Planted)> WriteAsync(ProvinceGenerator generator, FileInfo output, FileInfo truth, CancellationToken cancellationToken)
    {
        output.Directory?.Create();
        await using var documents = output.CreateText();
        await using var truths = truth.CreateText();
        await truths.WriteLineAsync("rule_kind,fixmedins_code,mdtrt_id,feedetl_sn");
        var (episodes, planted) = (0, 0);
        foreach (var episode in generator.Generate())
        {
            await documents.WriteLineAsync(episode.ToJson().AsMemory(), cancellationToken);
            foreach (var t in episode.Truths)
                await truths.WriteLineAsync($"{t.RuleKind},{t.FixmedinsCode},{t.MdtrtId},{t.FeedetlSn}".AsMemory(), cancellationToken);
            episodes++;
            planted += episode.Truths.Count;
        }
        return (episodes, planted);
    }
}
