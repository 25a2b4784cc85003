# ClaimAudit silo with the HTTP API co-hosted (the embedded default when no connection string is set).
# Build from the repository root: docker build -f deploy/docker/silo.Dockerfile .
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
EXPOSE 5080
ENTRYPOINT ["dotnet", "ClaimAudit.Silo.dll"]
