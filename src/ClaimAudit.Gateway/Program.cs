using ClaimAudit.Gateway;
using ClaimAudit.Grains.Hosting;

// A gateway process: an Orleans client in front of the silos. The embedded default (ClaimAudit.Silo) co-hosts
// the same API inside the silo instead.
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleansClient(client =>
{
    client.UseLocalhostClustering(builder.Configuration.GetValue("Orleans:GatewayPort", 30000));
    client.Services.AddClaimAuditSerialization();
});
builder.AddClaimAuditGateway();

var app = builder.Build();
app.MapClaimAuditApi();
app.Run();
