#!/usr/bin/env bash
# Run a ClaimAudit cluster on this machine as plain processes, on one PostgreSQL database:
#   CLAIMAUDIT_CONNECTION="Host=127.0.0.1;Port=5432;Username=postgres;Database=claimaudit" deploy/scripts/cluster.sh start 3 1
#   deploy/scripts/cluster.sh add-silo            # one more silo (peak season)
#   deploy/scripts/cluster.sh stop-silo 2         # graceful shutdown of silo 2 (SIGTERM: it leaves the cluster)
#   deploy/scripts/cluster.sh status | stop
# Silo n listens on HTTP 5180+n, silo port 11200+n, gateway port 30200+n; gateway n on HTTP 5280+n.
# State (pids, logs) is kept in .cluster/ under the repository root.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state="$root/.cluster"
mkdir -p "$state"
configuration=${CONFIGURATION:-Release}

build() {
  dotnet build "$root/src/ClaimAudit.Silo" -c "$configuration" -v quiet >/dev/null
  dotnet build "$root/src/ClaimAudit.Gateway" -c "$configuration" -v quiet >/dev/null
}

connection() {
  : "${CLAIMAUDIT_CONNECTION:?set CLAIMAUDIT_CONNECTION to an Npgsql connection string}"
  echo "$CLAIMAUDIT_CONNECTION"
}

next_index() { # first n with no running process of that kind
  local kind=$1 n=1
  while [ -f "$state/$kind-$n.pid" ] && kill -0 "$(cat "$state/$kind-$n.pid")" 2>/dev/null; do n=$((n + 1)); done
  echo "$n"
}

wait_ready() {
  local url=$1
  for _ in $(seq 1 120); do
    curl -fsS "$url/healthz" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "not ready: $url" >&2
  return 1
}

start_silo() {
  local n; n=$(next_index silo)
  local dir="$root/src/ClaimAudit.Silo/bin/$configuration/net10.0"
  (cd "$dir" && nohup dotnet ClaimAudit.Silo.dll --urls "http://127.0.0.1:$((5180 + n))" \
    --ConnectionStrings:ClaimAudit "$(connection)" --Orleans:SiloPort $((11200 + n)) --Orleans:GatewayPort $((30200 + n)) \
    >"$state/silo-$n.log" 2>&1 & echo $! >"$state/silo-$n.pid")
  wait_ready "http://127.0.0.1:$((5180 + n))"
  echo "silo $n: http://127.0.0.1:$((5180 + n)) (pid $(cat "$state/silo-$n.pid"))"
}

start_gateway() {
  local n; n=$(next_index gateway)
  local dir="$root/src/ClaimAudit.Gateway/bin/$configuration/net10.0"
  (cd "$dir" && nohup dotnet ClaimAudit.Gateway.dll --urls "http://127.0.0.1:$((5280 + n))" \
    --ConnectionStrings:ClaimAudit "$(connection)" >"$state/gateway-$n.log" 2>&1 & echo $! >"$state/gateway-$n.pid")
  wait_ready "http://127.0.0.1:$((5280 + n))"
  echo "gateway $n: http://127.0.0.1:$((5280 + n)) (pid $(cat "$state/gateway-$n.pid"))"
}

stop_one() { # kind index
  local pidfile="$state/$1-$2.pid"
  [ -f "$pidfile" ] || { echo "no $1 $2" >&2; return 1; }
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$pidfile"
  echo "$1 $2 stopped"
}

case "${1:-}" in
  start)
    build
    for _ in $(seq 1 "${2:-2}"); do start_silo; done
    for _ in $(seq 1 "${3:-1}"); do start_gateway; done ;;
  add-silo) start_silo ;;
  add-gateway) start_gateway ;;
  stop-silo) stop_one silo "${2:?which silo}" ;;
  stop-gateway) stop_one gateway "${2:?which gateway}" ;;
  status)
    for pidfile in "$state"/*.pid; do
      [ -e "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name running"; else echo "$name gone"; fi
    done ;;
  stop)
    for pidfile in "$state"/gateway-*.pid "$state"/silo-*.pid; do
      [ -e "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      stop_one "${name%-*}" "${name##*-}"
    done ;;
  *) echo "usage: $0 start [silos] [gateways] | add-silo | add-gateway | stop-silo N | stop-gateway N | status | stop" >&2; exit 2 ;;
esac
