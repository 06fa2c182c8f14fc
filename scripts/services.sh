#!/usr/bin/env bash
# Local services for Switchyard: RabbitMQ (+ plugins), PostgreSQL, FerretDB.
#   services.sh up      start everything from nothing (idempotent) and wait until each answers
#   services.sh down    stop what `up` started (by PID)
#   services.sh status  one line per service
# MONGO_URL / AMQP_URL pointing elsewhere: that service is used as it is and nothing is started for it.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"
BIN="$STATE/bin/ferretdb"
LOGS="$STATE/logs"
mkdir -p "$STATE/run" "$LOGS"

DEFAULT_AMQP_URL="amqp://guest:guest@127.0.0.1:5672"
DEFAULT_MONGO_URL="mongodb://127.0.0.1:27017"
AMQP_URL="${AMQP_URL:-$DEFAULT_AMQP_URL}"
MONGO_URL="${MONGO_URL:-$DEFAULT_MONGO_URL}"
RABBITMQ_MANAGEMENT_URL="${RABBITMQ_MANAGEMENT_URL:-http://guest:guest@127.0.0.1:15672}"
FERRETDB_PG_URL="${FERRETDB_PG_URL:-postgres://postgres@127.0.0.1:5432/ferretdb}"
TIMEOUT="${SERVICES_TIMEOUT:-90}"
PLUGINS="rabbitmq_management rabbitmq_consistent_hash_exchange rabbitmq_federation rabbitmq_federation_management rabbitmq_shovel rabbitmq_shovel_management"

# host:port of the first URL in a (comma-separated) list, credentials and path stripped.
host_port() { local u="${1%%,*}"; u="${u#*://}"; u="${u##*@}"; echo "${u%%[/?]*}"; }
# We manage a service only when its URL points at the local default address; anything else is external.
manage_rabbit() { case "$(host_port "$AMQP_URL")" in 127.0.0.1:5672|localhost:5672|127.0.0.1|localhost) return 0 ;; *) return 1 ;; esac; }
manage_mongo() { case "$(host_port "$MONGO_URL")" in 127.0.0.1:27017|localhost:27017|127.0.0.1|localhost) return 0 ;; *) return 1 ;; esac; }
redact() { echo "$1" | sed -E 's#//([^:/@]+):[^@/]*@#//\1:***@#g'; }
fail() { echo "services: $*" >&2; exit 1; }
# Runs a daemon-starting command with every inherited descriptor above stderr closed, so that a daemon
# never holds a lock or pipe of whoever called `services up` (e.g. `flock ... npm test`).
detached() {
  (
    for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
    exec "$@"
  )
}
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

rabbit_running() { rabbitmqctl -q status >/dev/null 2>&1; }
pg_running() { pg_isready -q -h 127.0.0.1 -p 5432; }
pg_cluster() { ls /etc/postgresql | sort -V | tail -n 1; }

up_rabbit() {
  if ! rabbit_running; then
    rabbitmq-plugins enable --offline $PLUGINS >"$LOGS/rabbitmq-plugins.log" 2>&1 \
      || fail "rabbitmq: enabling plugins failed (log: $LOGS/rabbitmq-plugins.log)"
    detached rabbitmq-server -detached >"$LOGS/rabbitmq-start.log" 2>&1 \
      || fail "rabbitmq: rabbitmq-server -detached failed (log: $LOGS/rabbitmq-start.log)"
    echo started >"$STATE/run/rabbitmq.started"
    # await_startup fails at once while the node is not up at all yet, so poll until it answers.
    local deadline=$(( $(date +%s) + TIMEOUT ))
    until rabbitmqctl -q await_startup >>"$LOGS/rabbitmq-start.log" 2>&1; do
      [ "$(date +%s)" -lt "$deadline" ] \
        || fail "rabbitmq did not start within ${TIMEOUT}s (log: /var/log/rabbitmq/, $LOGS/rabbitmq-start.log)"
      sleep 1
    done
  fi
  rabbitmq-plugins -q enable $PLUGINS >"$LOGS/rabbitmq-plugins.log" 2>&1 \
    || fail "rabbitmq: enabling plugins failed (log: $LOGS/rabbitmq-plugins.log)"
}

up_postgres() {
  if ! pg_running; then
    detached pg_ctlcluster --skip-systemctl-redirect "$(pg_cluster)" main start >"$LOGS/postgres-start.log" 2>&1 \
      || fail "postgresql did not start (log: $LOGS/postgres-start.log, /var/log/postgresql/)"
    echo started >"$STATE/run/postgres.started"
    for _ in $(seq 1 "$TIMEOUT"); do pg_running && break; sleep 1; done
    pg_running || fail "postgresql did not answer within ${TIMEOUT}s (log: /var/log/postgresql/)"
  fi
  local exists
  exists=$(psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'" postgres 2>>"$LOGS/postgres-start.log")
  if [ "$exists" != "1" ]; then
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ferretdb" postgres >>"$LOGS/postgres-start.log" 2>&1 \
      || fail "postgresql: could not create database ferretdb (log: $LOGS/postgres-start.log)"
  fi
}

# FerretDB v1.24.2 from the Go module proxy, with tools/ferretdb/patches applied to a copy of its source
# (see each patch's header for the upstream issue), built as tools/ferretdb's main package.
build_ferretdb() {
  local tool="$ROOT/tools/ferretdb" src="$STATE/src" stale=0 f
  [ -x "$BIN" ] || stale=1
  for f in "$tool"/main.go "$tool"/go.mod "$tool"/go.sum "$tool"/patches/*.patch; do
    [ -e "$f" ] && [ "$f" -nt "$BIN" ] && stale=1
  done
  [ "$stale" = 1 ] || return 0
  echo "services: building FerretDB (tools/ferretdb, patched) ..."
  (
    set -e
    cd "$tool"
    go mod download github.com/FerretDB/FerretDB
    local dir; dir=$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)
    rm -rf "$src" && mkdir -p "$src"
    cp -R "$dir" "$src/ferretdb" && chmod -R u+w "$src/ferretdb"
    for f in patches/*.patch; do patch -d "$src/ferretdb" -p1 --forward --quiet <"$f"; done
    cp go.mod "$src/go.mod" && cp go.sum "$src/go.sum"
    go mod edit -modfile "$src/go.mod" -replace "github.com/FerretDB/FerretDB=$src/ferretdb"
    go build -modfile "$src/go.mod" -o "$BIN.new" . && mv "$BIN.new" "$BIN"
  ) >"$LOGS/ferretdb-build.log" 2>&1 || fail "ferretdb: build failed (log: $LOGS/ferretdb-build.log)"
}

# FerretDB 1.24 keeps one PostgreSQL connection per open cursor (50 at most), even after the client has
# gone: enough abandoned cursors and it stops answering anything, ping included, while its process lives.
ferretdb_answers() {
  (cd "$ROOT" && timeout 10 node -e '
    const { MongoClient } = require("mongodb");
    const c = new MongoClient("mongodb://127.0.0.1:27017", { serverSelectionTimeoutMS: 4000, socketTimeoutMS: 4000 });
    c.db("admin").command({ ping: 1 }).then(() => process.exit(0), () => process.exit(1));
  ') >/dev/null 2>&1
}

up_ferretdb() {
  build_ferretdb
  if pid_alive "$STATE/run/ferretdb.pid"; then
    local pid; pid=$(cat "$STATE/run/ferretdb.pid")
    if [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == *" (deleted)" ]]; then
      echo "services: ferretdb (pid $pid) runs a binary that has been rebuilt since; restarting it" >&2
    elif ferretdb_answers; then
      return 0
    else
      echo "services: ferretdb (pid $pid) runs but does not answer a ping; restarting it (log: $LOGS/ferretdb.log)" >&2
    fi
    kill -9 "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$STATE/run/ferretdb.pid"
  fi
  if (exec 3<>/dev/tcp/127.0.0.1/27017) 2>/dev/null; then
    return 0 # something already serves 27017 (a FerretDB or MongoDB started elsewhere)
  fi
  # Not through detached(): `detached … &` would fork twice, and $! would be a shell, not FerretDB.
  (
    for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
    exec nohup "$BIN" -listen-addr 127.0.0.1:27017 -postgresql-url "$FERRETDB_PG_URL" -log-level warn
  ) >>"$LOGS/ferretdb.log" 2>&1 </dev/null &
  echo $! >"$STATE/run/ferretdb.pid"
}

wait_ready() {
  local amqp_external=1 mongo_external=1
  manage_rabbit && amqp_external=0
  manage_mongo && mongo_external=0
  AMQP_URL="$AMQP_URL" MONGO_URL="$MONGO_URL" RABBITMQ_MANAGEMENT_URL="$RABBITMQ_MANAGEMENT_URL" \
    AMQP_EXTERNAL="$amqp_external" MONGO_EXTERNAL="$mongo_external" \
    SERVICES_LOGS="$LOGS" node "$ROOT/scripts/wait-ready.js" "$TIMEOUT"
}

cmd_up() {
  if manage_rabbit; then up_rabbit; fi
  if manage_mongo; then up_postgres; up_ferretdb; fi
  wait_ready || exit 1
  local mgmt_ui="${RABBITMQ_MANAGEMENT_URL#*://}"; mgmt_ui="http://${mgmt_ui#*@}"
  echo "services: up"
  echo "  AMQP_URL                 $AMQP_URL"
  echo "  RABBITMQ_MANAGEMENT_URL  $mgmt_ui  (management UI, guest/guest)"
  echo "  MONGO_URL                $MONGO_URL"
}

cmd_down() {
  if pid_alive "$STATE/run/ferretdb.pid"; then
    local pid; pid=$(cat "$STATE/run/ferretdb.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    echo "services: ferretdb stopped (pid $pid)"
  fi
  rm -f "$STATE/run/ferretdb.pid"
  if [ -f "$STATE/run/rabbitmq.started" ]; then
    rabbitmqctl -q stop >/dev/null 2>&1 && echo "services: rabbitmq stopped"
    rm -f "$STATE/run/rabbitmq.started"
  fi
  if [ -f "$STATE/run/postgres.started" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(pg_cluster)" main stop >/dev/null 2>&1 && echo "services: postgresql stopped"
    rm -f "$STATE/run/postgres.started"
  fi
  return 0
}

cmd_status() {
  if manage_rabbit; then
    if rabbit_running; then echo "rabbitmq    running   $AMQP_URL"; else echo "rabbitmq    stopped"; fi
  else echo "rabbitmq    external  $(redact "$AMQP_URL")"; fi
  if manage_mongo; then
    if pg_running; then echo "postgresql  running   127.0.0.1:5432"; else echo "postgresql  stopped"; fi
    if pid_alive "$STATE/run/ferretdb.pid"; then echo "ferretdb    running   $(redact "$MONGO_URL") (pid $(cat "$STATE/run/ferretdb.pid"))"
    elif (exec 3<>/dev/tcp/127.0.0.1/27017) 2>/dev/null; then echo "ferretdb    running   $(redact "$MONGO_URL") (not started by services)"
    else echo "ferretdb    stopped"; fi
  else echo "mongodb     external  $(redact "$MONGO_URL")"; fi
}

case "${1:-}" in
  up) cmd_up ;;
  build) build_ferretdb ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: npm run services -- up|down|status|build" >&2; exit 2 ;;
esac
