# ClaimAudit CLI: schema migration (db migrate), batch audits, rule checks.
#   docker build -f deploy/docker/cli.Dockerfile -t claimaudit/cli:dev .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/ClaimAudit.Cli/ClaimAudit.Cli.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY rules /app/rules
ENTRYPOINT ["dotnet", "claimaudit.dll"]
