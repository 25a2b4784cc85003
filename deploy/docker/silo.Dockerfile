# ClaimAudit silo with the HTTP API co-hosted. With ConnectionStrings__ClaimAudit it joins the PostgreSQL
# cluster; without, it is the embedded default. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t claimaudit/silo:dev .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/ClaimAudit.Silo/ClaimAudit.Silo.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY rules /app/rules
# A plain 'Urls' variable outranks appsettings.json, which binds loopback only.
ENV Urls=http://0.0.0.0:5080
EXPOSE 5080 11111 30000
ENTRYPOINT ["dotnet", "ClaimAudit.Silo.dll"]
