# ClaimAudit gateway: the HTTP API as an Orleans client, finding silos through the PostgreSQL membership table.
#   docker build -f deploy/docker/gateway.Dockerfile -t claimaudit/gateway:dev .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/ClaimAudit.Gateway/ClaimAudit.Gateway.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY rules /app/rules
ENV Urls=http://0.0.0.0:5081
EXPOSE 5081
ENTRYPOINT ["dotnet", "ClaimAudit.Gateway.dll"]
