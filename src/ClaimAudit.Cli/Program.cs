using System.CommandLine;
using ClaimAudit.Cli.Commands;

var root = new RootCommand("ClaimAudit: batch audit, sample generation and benchmarks for medical-insurance claims")
{
    AuditCommand.Create(),
    LoadgenCommand.Create(),
    RulesCommand.Create(),
    DbCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
