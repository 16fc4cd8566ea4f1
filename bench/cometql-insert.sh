#!/usr/bin/env bash
# CometQL throughput benchmark (one command): `INSERT INTO pipes_messages` per second over persistent connections
# against the comet server, and `DO 1` against a throwaway MariaDB on the same machine with the same client, in the
# same run; prints ops/s, p50, p99, server CPU per statement and the ratio cometql/mariadb. See docs/BENCHMARKS.md.
#
# Environment (all optional):
#   DURATION=10 WARMUP=10 CONNECTIONS=8  measuring window / warm-up (JIT of the Java server) in seconds, connections
#   PIPELINE=1                           queries sent per round trip (1 = plain request/response, the main figure)
#   ROUNDS=1                             measure the targets alternately this many times; the ratio uses medians
#   TARGETS="cometql mariadb"            which servers to measure
#   BUILD=1                              0 = skip the Maven build and use what is already built
#   BUILD_DIR=target                     Maven output folder (the parent pom's buildDir property)
#   SERVER_JAVA_OPTS=                    extra JVM options for the comet server
#   COMETQL_THREADS=                     [cometql] thread_num for the comet server (empty: the product default)
#   KEEP_WORK=0                          1 = keep the temporary folder (configs, server logs) for a look afterwards
#   WRITES=publish                       publish: INSERT into a channel without history (no store write, the main
#                                        figure); history: into a channel that keeps 1000 messages, so each OK waits
#                                        for a durable row in the embedded store (what an OK costs when it must
#                                        survive kill -9)
#   WRITE_DELAY=0                        [db] embedded_write_delay of the comet server, ms (0: durable; 500: H2's own
#                                        default, commits kept in memory up to 0.5 s)
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-8}
PIPELINE=${PIPELINE:-1}
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-cometql mariadb}
BUILD=${BUILD:-1}
BUILD_DIR=${BUILD_DIR:-target}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
COMETQL_THREADS=${COMETQL_THREADS:-}
WRITES=${WRITES:-publish}
WRITE_DELAY=${WRITE_DELAY:-0}
[[ $WRITES == publish || $WRITES == history ]] || { echo "WRITES must be publish or history" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cometql-bench.XXXXXX")
STARTED_PIDS=()

log() { echo "[bench] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
wants() { [[ " $TARGETS " == *" $1 "* ]]; }

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [[ ${KEEP_WORK:-0} == 1 ]] && log "kept $WORK" || rm -rf "$WORK"
}
trap stop_started EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

build() {
  [[ $BUILD == 1 ]] || return 0
  log "building (mvn -B -q -DskipTests -DbuildDir=$BUILD_DIR package)"
  if wants cometql; then
    (cd "$ROOT" && mvn -B -q -DskipTests -DbuildDir="$BUILD_DIR" package)
  else
    (cd "$ROOT" && mvn -B -q -DskipTests -DbuildDir="$BUILD_DIR" -pl bench package)
  fi
}

ensure_mariadb_installed() {
  [[ -x /usr/sbin/mariadbd ]] && return 0
  log "mariadbd missing: installing mariadb-server mariadb-client (waits for other apt runs)"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    mariadb-server mariadb-client >/dev/null
  [[ -x /usr/sbin/mariadbd ]] || fail "mariadbd still missing after apt-get install"
}

# Sets MARIADB_PORT and MARIADB_PID.
start_mariadb() {
  ensure_mariadb_installed
  local data="$WORK/mariadb"
  MARIADB_PORT=$(free_port)
  mariadb-install-db --no-defaults --datadir="$data" --user=root --auth-root-authentication-method=normal \
    --skip-test-db >"$WORK/mariadb-install.log" 2>&1 || { tail -20 "$WORK/mariadb-install.log"; fail "mariadb-install-db"; }
  /usr/sbin/mariadbd --no-defaults --datadir="$data" --socket="$WORK/mariadb.sock" --port="$MARIADB_PORT" \
    --bind-address=127.0.0.1 --user=root --skip-log-bin >"$WORK/mariadb.log" 2>&1 &
  MARIADB_PID=$!
  STARTED_PIDS+=("$MARIADB_PID")
  for _ in $(seq 300); do
    mariadb --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -uroot -N -e 'SELECT 1' >/dev/null 2>&1 && break
    kill -0 "$MARIADB_PID" 2>/dev/null || { tail -20 "$WORK/mariadb.log"; fail "mariadbd exited"; }
    sleep 0.1
  done
  mariadb --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -uroot -N -e 'SELECT 1' >/dev/null \
    || fail "MariaDB root with an empty password over TCP does not work"
  log "MariaDB $(mariadb --no-defaults -h127.0.0.1 -P"$MARIADB_PORT" -uroot -N -e 'SELECT VERSION()') on port $MARIADB_PORT (pid $MARIADB_PID)"
}

# Sets COMETQL_PORT and COMETQL_PID.
start_comet_server() {
  local jar="$ROOT/comet-server/$BUILD_DIR/comet-server.jar"
  [[ -f $jar ]] || fail "$jar not built (TARGETS=mariadb measures the reference alone)"
  COMETQL_PORT=$(free_port)
  mkdir -p "$WORK/store"
  cat >"$WORK/comet.ini" <<INI
[main]
password = CometQLPassword
node_name = bench

[db]
embedded_path = $WORK/store/comet
embedded_write_delay = $WRITE_DELAY

[cometql]
ip = 127.0.0.1
port = $COMETQL_PORT
${COMETQL_THREADS:+thread_num = $COMETQL_THREADS}

[ws]
ip = 127.0.0.1
port = $(free_port)
thread_num = 1
INI
  # shellcheck disable=SC2086 # SERVER_JAVA_OPTS is a list of options
  java $SERVER_JAVA_OPTS -jar "$jar" --conf "$WORK/comet.ini" >"$WORK/comet-server.log" 2>&1 &
  COMETQL_PID=$!
  STARTED_PIDS+=("$COMETQL_PID")
  for _ in $(seq 900); do
    if grep -qi 'cometql listening' "$WORK/comet-server.log" && port_open "$COMETQL_PORT"; then
      log "comet server on port $COMETQL_PORT (pid $COMETQL_PID)"
      return 0
    fi
    kill -0 "$COMETQL_PID" 2>/dev/null || { tail -30 "$WORK/comet-server.log"; fail "comet server exited"; }
    sleep 0.1
  done
  tail -30 "$WORK/comet-server.log"
  fail "comet server did not log 'listening' on port $COMETQL_PORT within 90 s"
}

main() {
  build
  local args=(connections="$CONNECTIONS" warmup="$WARMUP" duration="$DURATION" pipeline="$PIPELINE" rounds="$ROUNDS"
              clk-tck="$(getconf CLK_TCK)")
  if wants cometql; then
    start_comet_server
    args+=(cometql.port="$COMETQL_PORT" cometql.pid="$COMETQL_PID")
    if [[ $WRITES == history ]]; then
      mariadb --no-defaults --skip-ssl -h127.0.0.1 -P"$COMETQL_PORT" -uroot -pCometQLPassword -DCometQL_v1 \
        -e "INSERT INTO pipes_settings (name, length) VALUES ('bench_pipe', 1000)" || fail "pipes_settings"
      log "WRITES=history: every INSERT also writes a history row (embedded_write_delay = $WRITE_DELAY ms)"
    fi
  fi
  if wants mariadb; then
    start_mariadb
    args+=(mariadb.port="$MARIADB_PORT" mariadb.pid="$MARIADB_PID")
  fi
  log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
      "$(java -version 2>&1 | head -1)"
  local jar
  jar=$(ls "$ROOT/bench/$BUILD_DIR"/bench-*.jar)
  # One JIT tier and a small heap keep the load client's share of the two cores small. The client reads without
  # socket timeouts (cheaper), so `timeout` guards against a server that hangs during login.
  local targets_count limit
  targets_count=$(wc -w <<<"$TARGETS")
  limit=$(( ROUNDS * targets_count * (WARMUP + DURATION + 30) + 30 ))
  timeout --kill-after=5 "$limit" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx64m -cp "$jar" \
    org.cometserver.bench.CometQlInsertBench "${args[@]}"
}

main "$@"
