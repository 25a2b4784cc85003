#!/usr/bin/env bash
# Run a ClaimAudit cluster on this machine as plain processes, on one PostgreSQL database:
#   CLAIMAUDIT_CONNECTION="Host=127.0.0.1;Port=5432;Username=postgres;Database=claimaudit" deploy/scripts/cluster.sh start 3 1
#   deploy/scripts/cluster.sh add-silo            # one more silo (peak season)
#   deploy/scripts/cluster.sh stop-silo 2         # graceful shutdown of silo 2: SIGTERM, then wait until it has left
#                                                 # the cluster (its membership row is Dead) and its process is gone
#   deploy/scripts/cluster.sh status | stop       # stop: every gateway, then every silo, the same way
# Silo n listens on HTTP 5180+n, silo port 11200+n, gateway port 30200+n; gateway n on HTTP 5280+n
# (CLAIMAUDIT_PORT_OFFSET shifts them all). Pids and logs are kept in .cluster/ under the repository root
# (CLAIMAUDIT_CLUSTER_DIR elsewhere). Each pid file holds the pid of the silo or gateway process itself.
# CONFIGURATION (Release) picks the build; SKIP_BUILD=1 uses the build already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state=${CLAIMAUDIT_CLUSTER_DIR:-"$root/.cluster"}
mkdir -p "$state"
configuration=${CONFIGURATION:-Release}
offset=${CLAIMAUDIT_PORT_OFFSET:-0}
stop_limit=${STOP_TIMEOUT_SECONDS:-60}

silo_http() { echo $((5180 + offset + $1)); }
silo_port() { echo $((11200 + offset + $1)); }
silo_gateway_port() { echo $((30200 + offset + $1)); }
gateway_http() { echo $((5280 + offset + $1)); }

build() {
  [ "${SKIP_BUILD:-0}" = "1" ] && return 0
  dotnet build "$root/src/ClaimAudit.Silo" -c "$configuration" -v quiet >/dev/null
  dotnet build "$root/src/ClaimAudit.Gateway" -c "$configuration" -v quiet >/dev/null
}

connection() {
  : "${CLAIMAUDIT_CONNECTION:?set CLAIMAUDIT_CONNECTION to an Npgsql connection string}"
  echo "$CLAIMAUDIT_CONNECTION"
}

# psql with the host, port, user, password and database of the Npgsql connection string.
psql_cluster() {
  local part key value args=()
  IFS=';' read -ra parts <<<"$(connection)"
  for part in "${parts[@]}"; do
    key=$(echo "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' '); value=${part#*=}
    case "$key" in
      host|server) args+=(-h "$value") ;;
      port) args+=(-p "$value") ;;
      username|user|userid|"user id") args+=(-U "$value") ;;
      database) args+=(-d "$value") ;;
      password) export PGPASSWORD="$value" ;;
    esac
  done
  psql "${args[@]}" -X -A -t -q "$@"
}

# A process is alive while it exists and is not a zombie waiting for its parent (kill -0 succeeds on zombies).
alive() {
  if [ -r "/proc/$1/stat" ]; then [ "$(sed -E 's/^.*\) (.).*$/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]; else kill -0 "$1" 2>/dev/null; fi
}

running() { [ -f "$1" ] && alive "$(cat "$1")"; }

next_index() { # first n with no running process of that kind
  local kind=$1 n=1
  while running "$state/$kind-$n.pid"; do n=$((n + 1)); done
  echo "$n"
}

wait_ready() {
  local url=$1 pid=$2
  for _ in $(seq 1 120); do
    curl -fsS "$url/healthz" >/dev/null 2>&1 && return 0
    alive "$pid" || { echo "exited before it was ready: $url (see its log)" >&2; return 1; }
    sleep 1
  done
  echo "not ready: $url" >&2
  return 1
}

# Starts "dotnet <dll> <args>" in the background; exec keeps the pid written the pid of the process itself.
launch() {
  local dir=$1 dll=$2 log=$3 pidfile=$4; shift 4
  (cd "$dir" && exec nohup dotnet "$dll" "$@" >"$log" 2>&1 </dev/null) &
  echo $! >"$pidfile"
}

start_silo() {
  local n; n=$(next_index silo)
  launch "$root/src/ClaimAudit.Silo/bin/$configuration/net10.0" ClaimAudit.Silo.dll "$state/silo-$n.log" "$state/silo-$n.pid" \
    --urls "http://127.0.0.1:$(silo_http "$n")" --ConnectionStrings:ClaimAudit "$(connection)" \
    --Orleans:SiloPort "$(silo_port "$n")" --Orleans:GatewayPort "$(silo_gateway_port "$n")"
  wait_ready "http://127.0.0.1:$(silo_http "$n")" "$(cat "$state/silo-$n.pid")"
  echo "silo $n: http://127.0.0.1:$(silo_http "$n") (pid $(cat "$state/silo-$n.pid"), silo port $(silo_port "$n"))"
}

start_gateway() {
  local n; n=$(next_index gateway)
  launch "$root/src/ClaimAudit.Gateway/bin/$configuration/net10.0" ClaimAudit.Gateway.dll "$state/gateway-$n.log" "$state/gateway-$n.pid" \
    --urls "http://127.0.0.1:$(gateway_http "$n")" --ConnectionStrings:ClaimAudit "$(connection)"
  wait_ready "http://127.0.0.1:$(gateway_http "$n")" "$(cat "$state/gateway-$n.pid")"
  echo "gateway $n: http://127.0.0.1:$(gateway_http "$n") (pid $(cat "$state/gateway-$n.pid"))"
}

# A silo has left the cluster when the newest membership row of its silo port is Dead (Orleans SiloStatus 6).
wait_left_membership() {
  local port=$1 status=""
  command -v psql >/dev/null 2>&1 || { echo "psql not found: not checking the membership table" >&2; return 0; }
  for _ in $(seq 1 "$stop_limit"); do
    status=$(psql_cluster -c "SELECT status FROM orleansmembershiptable WHERE port = $port ORDER BY generation DESC LIMIT 1" 2>/dev/null || true)
    [ -z "$status" ] || [ "$status" = "6" ] && return 0
    sleep 1
  done
  echo "silo on port $port still has membership status $status" >&2
  return 1
}

stop_one() { # kind index
  local kind=$1 n=$2 pidfile="$state/$1-$2.pid"
  [ -f "$pidfile" ] || { echo "no $kind $n" >&2; return 1; }
  local pid; pid=$(cat "$pidfile")
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 1 "$stop_limit"); do alive "$pid" || break; sleep 1; done
    if alive "$pid"; then
      echo "$kind $n (pid $pid) did not stop within ${stop_limit}s of SIGTERM: killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.2; done
    fi
  fi
  rm -f "$pidfile"
  [ "$kind" = silo ] && wait_left_membership "$(silo_port "$n")"
  echo "$kind $n stopped"
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
      if running "$pidfile"; then echo "$name running (pid $(cat "$pidfile"))"; else echo "$name gone"; fi
    done ;;
  stop)
    for pidfile in "$state"/gateway-*.pid "$state"/silo-*.pid; do
      [ -e "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      stop_one "${name%-*}" "${name##*-}"
    done ;;
  *) echo "usage: $0 start [silos] [gateways] | add-silo | add-gateway | stop-silo N | stop-gateway N | status | stop" >&2; exit 2 ;;
esac
