using ClaimAudit.Gateway;
using ClaimAudit.Silo;

// A ClaimAudit silo with the HTTP API co-hosted: with no connection string, the whole embedded default.
var builder = WebApplication.CreateBuilder(args);
builder.AddClaimAuditSilo();
builder.AddClaimAuditGateway("claimaudit-silo");

var app = builder.Build();
app.MapClaimAuditApi();
app.MapClaimAuditDashboard();
app.Run();
