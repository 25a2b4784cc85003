using System.CommandLine;
using ClaimAudit.Cli.Commands;
using Spectre.Console;

// Tables keep their columns when the output goes to a file or a pipe (Spectre assumes 80 columns there).
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 160;

var root = new RootCommand("ClaimAudit: batch audit, rule sets, database and API keys of the medical-insurance claims audit cluster")
{
    AuditCommand.Create(),
    ImportCommand.Create(),
    RulesCommand.Create(),
    DbCommand.Create(),
    KeysCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
