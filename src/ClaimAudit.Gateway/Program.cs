using ClaimAudit.Abstractions;
using ClaimAudit.Gateway;

// A gateway process: an Orleans client in front of the silos, found through the PostgreSQL membership table
// (ConnectionStrings:ClaimAudit) or, without one, a localhost silo's gateway port. The embedded default
// (ClaimAudit.Silo) co-hosts the same API inside the silo instead.
var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("ClaimAudit");
builder.UseOrleansClient(client =>
{
    if (string.IsNullOrWhiteSpace(connectionString))
        client.UseLocalhostClustering(builder.Configuration.GetValue("Orleans:GatewayPort", 30000));
    else
        client.UseClaimAuditPostgres(connectionString, builder.Configuration.GetSection("Orleans").Get<ClusterIdentity>() ?? new());
    client.Services.AddClaimAuditSerialization();
    client.AddActivityPropagation();
    client.Configure<Orleans.Configuration.ClientMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));
});
builder.AddClaimAuditGateway("claimaudit-gateway");

var app = builder.Build();
app.MapClaimAuditApi();
app.Run();
