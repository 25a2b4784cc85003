using System.CommandLine;
using ClaimAudit.Cli.Commands;
using Spectre.Console;

// Tables keep their columns when the output goes to a file or a pipe (Spectre assumes 80 columns there).
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 160;

var root = new RootCommand("ClaimAudit: batch audit, sample generation and benchmarks for medical-insurance claims")
{
    AuditCommand.Create(),
    LoadgenCommand.Create(),
    RulesCommand.Create(),
    DbCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
