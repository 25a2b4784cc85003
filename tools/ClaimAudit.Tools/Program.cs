using System.CommandLine;
using ClaimAudit.Tools.Commands;
using Spectre.Console;

// Tables keep their columns when the output goes to a file or a pipe (Spectre assumes 80 columns there).
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 160;

var root = new RootCommand("ClaimAudit tooling (not deployed): the load generator and the benchmark")
{
    LoadgenCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
