#!/usr/bin/env bash
# Cluster benchmark (one command; issue #12 acceptance 6). In one run, against the same load client:
#   1node        one node, local (memory) broker, embedded store: today's server, the reference ("must not regress")
#   1node-redis  one node with [cluster] redis and the shared MariaDB [db]: the cost of the Redis hop (this - 1node)
#   3nodes       NODES nodes on one Redis and one MariaDB, subscribers spread evenly over them, INSERTs on node 1
#   3nodes-rr    the same nodes, INSERTs round-robin on every node
# Each on a channel without history (bench_fanout) and one with history (bench_h: pipes_settings length HISTORY, in
# Redis through a Lua script). Prints publish -> receive latency p50/p99 at a fixed rate, delivered/s at the highest
# sustained rate, server CPU per delivered message (summed over the nodes' processes), Redis CPU per publication
# (redis-server's threads, /proc/<pid>/task/*/schedstat), each as ratios and differences against 1node; then Redis's
# own command statistics. Starts its own redis-server per cluster configuration (loopback, free port,
# --save '' --appendonly yes --appendfsync everysec) and its own MariaDB (mariadb-install-db + mariadbd, as the
# tests' MariaDbServer), all removed on exit. When no node has connected to Redis (a server without the Redis broker
# wired in ignores [cluster]), the multi-node configurations are skipped, since its nodes would not share
# publications. See docs/BENCHMARKS.md ("Several nodes on Redis") and docs/CLUSTER.md ("Scale").
#
# Environment (all optional):
#   SUBSCRIBERS=3000              subscriber connections per configuration (one process; <= 19000)
#   RATE=20                       messages/s in the latency phase (20 x 3000 = 60,000 delivered/s)
#   WINDOW=4                      throughput phase: messages published but not yet received by every subscriber
#   WARMUP=5 DURATION=10          seconds of warm-up (JIT) and of each measured phase
#   SAMPLE_EVERY=10               latency recorded on every Nth subscriber (each of its receipts)
#   HISTORY=100                   history length of the second channel; 0 = only the channel without history
#   NODES=3                       nodes of the multi-node configurations (3nodes, 3nodes-rr: labelled <NODES>nodes)
#   CONFIGS="1node 1node-redis 3nodes 3nodes-rr"  which configurations, in this order (the first is the reference)
#   WS_THREADS=2                  [ws] thread_num of every node
#   BUILD=1 BUILD_DIR=target      0 = use what is built; Maven output folder (parent pom's buildDir)
#   SERVER_JAVA_OPTS="-Xms128m -Xmx512m"  JVM options of every node
#   KEEP_WORK=0                   1 = keep the temporary folder (configs, server, Redis and MariaDB logs)
set -euo pipefail

SUBSCRIBERS=${SUBSCRIBERS:-3000}
RATE=${RATE:-20}
WINDOW=${WINDOW:-4}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-10}
SAMPLE_EVERY=${SAMPLE_EVERY:-10}
HISTORY=${HISTORY:-100}
NODES=${NODES:-3}
CONFIGS=${CONFIGS:-1node 1node-redis 3nodes 3nodes-rr}
WS_THREADS=${WS_THREADS:-2}
BUILD=${BUILD:-1}
BUILD_DIR=${BUILD_DIR:-target}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms128m -Xmx512m}
TARGETS=comet # ws-common.sh: build the server too

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cluster-bench.XXXXXX")
# shellcheck source=bench/ws-common.sh
source "$ROOT/bench/ws-common.sh"
trap stop_started EXIT

wants_config() { [[ " $CONFIGS " == *" $1 "* ]]; }

# start_mariadb: a private MariaDB on a free loopback port (root, empty password); sets MARIADB_PORT.
start_mariadb() {
  local dir="$WORK/mariadb" pid
  mkdir -p "$dir/data"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 \
    || { cat "$dir/install.log" >&2; fail "mariadb-install-db"; }
  MARIADB_PORT=$(free_port)
  mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$MARIADB_PORT" \
    --bind-address=127.0.0.1 --user="$(id -un)" --skip-log-bin --pid-file="$dir/mariadb.pid" >"$dir/server.log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  wait_listening "$pid" "$MARIADB_PORT" "$dir/server.log"
  log "mariadb: $(mariadbd --version | grep -o '[0-9.]*-MariaDB' | head -1) port $MARIADB_PORT (pid $pid)"
}

create_database() {
  mariadb --no-defaults -h 127.0.0.1 -P "$MARIADB_PORT" -u root -e "CREATE DATABASE IF NOT EXISTS \`$1\`"
}

# cluster_ini NAME REDIS_PORT DATABASE: the [cluster] and shared [db] sections of one node.
cluster_ini() {
  cat <<INI
[cluster]
redis = redis://127.0.0.1:$2
node_name = $1

[db]
host = 127.0.0.1
port = $MARIADB_PORT
user = root
password =
name = $3
INI
}

# uses_redis PORT: whether any node holds a connection to the redis-server on PORT (besides this check's own): false
# before the Redis broker is wired into the server, which then ignores [cluster] (older ones warn it is unknown).
uses_redis() {
  local clients
  clients=$(redis-cli -h 127.0.0.1 -p "$1" info clients | tr -d '\r' | sed -n 's/^connected_clients://p')
  (( ${clients:-0} > 1 ))
}

main() {
  build
  machine
  local -A spec=() # configuration -> WsFanoutBench target
  local targets=() ws pids ql i redis_pid config
  if wants_config 1node; then
    start_comet 1node "$WS_THREADS"
    log "1node: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    spec[1node]="comet:$COMET_WS_PORT:$COMET_PID:$COMET_QL_PORT:1node"
  fi
  if wants_config 1node-redis || wants_config 3nodes || wants_config 3nodes-rr; then
    start_mariadb
  fi
  if wants_config 1node-redis; then
    start_redis redis-1node
    create_database comet_1node
    start_comet 1node-redis "$WS_THREADS" "$(cluster_ini 1node-redis "$REDIS_PORT" comet_1node)"
    log "1node-redis: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    uses_redis "$REDIS_PORT" || log "1node-redis: the node has no connection to Redis: [cluster] is not in use yet;" \
      "measured with MariaDB [db] and the local broker (Redis idle)"
    spec[1node-redis]="comet:$COMET_WS_PORT:$COMET_PID:$COMET_QL_PORT:1node-redis:$REDIS_PID"
  fi
  if wants_config 3nodes || wants_config 3nodes-rr; then
    start_redis "redis-${NODES}nodes"
    redis_pid=$REDIS_PID
    create_database "comet_${NODES}nodes"
    ws="" pids="" ql=""
    for i in $(seq "$NODES"); do
      start_comet "node$i" "$WS_THREADS" "$(cluster_ini "node$i" "$REDIS_PORT" "comet_${NODES}nodes")"
      log "node$i: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
      ws+=${ws:+,}$COMET_WS_PORT pids+=${pids:+,}$COMET_PID ql+=${ql:+,}$COMET_QL_PORT
    done
    if uses_redis "$REDIS_PORT"; then
      spec[3nodes]="comet:$ws:$pids:${ql%%,*}:${NODES}nodes:$redis_pid"
      spec[3nodes-rr]="comet:$ws:$pids:$ql:${NODES}nodes-rr:$redis_pid"
    else
      log "SKIPPED ${NODES}nodes and ${NODES}nodes-rr: no node connected to Redis ([cluster] not in use yet, see" \
          "node1/server.log); its nodes would not share publications"
    fi
  fi
  for config in $CONFIGS; do
    if [[ -n ${spec[$config]:-} ]]; then targets+=("target=${spec[$config]}"); fi
  done
  [[ ${#targets[@]} -gt 0 ]] || fail "nothing to measure (CONFIGS=$CONFIGS)"
  local runs=$(( ${#targets[@]} * (HISTORY > 0 ? 2 : 1) ))
  local limit=$(( runs * (2 * 180 + WARMUP + 2 * DURATION + 60) + 30 ))
  # The client shares the two cores with the servers: one JIT tier, SerialGC, small heap (as bench/ws-fanout.sh).
  timeout --kill-after=5 "$limit" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx256m \
    -cp "$(bench_jar)" org.cometserver.bench.WsFanoutBench subscribers="$SUBSCRIBERS" rate="$RATE" window="$WINDOW" \
    warmup="$WARMUP" duration="$DURATION" sample-every="$SAMPLE_EVERY" clk-tck="$(getconf CLK_TCK)" \
    history="$HISTORY" first-connections=0 "${targets[@]}"
  local redis
  for redis in "${REDIS_SERVERS[@]}"; do
    log "${redis%%:*}: redis-server's command statistics over the whole run (INFO commandstats):"
    redis-cli -h 127.0.0.1 -p "${redis##*:}" info commandstats | tr -d '\r' | grep '^cmdstat_' \
      | grep -v '^cmdstat_info:' >&2 || log "  none: nothing used this Redis"
  done
}

main "$@"
