#!/usr/bin/env bash
# Idle WebSocket connections benchmark (one command; issue #3 acceptance 5a). Starts SERVERS comet server processes and
# one bare Netty WebSocket reference (a process may hold only 20,000 open files here, so scale comes from several
# processes), then one load-client process per server, each from its own source address 127.0.0.(2+i), raises the
# connections per process through STEPS, and after each step prints every server's VmRSS growth per connection (after
# a full GC unless GC=0), the totals and the ratio comet/bare; finally holds every connection HOLD seconds. See docs/BENCHMARKS.md.
#
# Environment (all optional):
#   SERVERS=12                    comet server processes (12 x 18000 = 216,000 connections)
#   STEPS="1000 5000 10000 18000"  connections per server process after each step (each <= 19500)
#   HOLD=10 SETTLE=2              seconds to hold at the end / to wait, once every server is at rest (below 2 % of
#                                 a core for 3 s), before reading RSS: before the first step and after each
#   TARGETS="comet bare"          "bare" alone measures only the reference
#   GC=1                          0 = force no GC before reading RSS: the figure ps shows (bench/ws-idle-rss.sh)
#   SUBSCRIBE=                    a pipe every connection subscribes to once greeted (empty: none)
#   BUILD=1 BUILD_DIR=target      0 = use what is built; Maven output folder (parent pom's buildDir)
#   SERVER_JAVA_OPTS="-Xms32m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
#                                 JVM options of every server process (comet and bare): a heap that gives memory back
#                                 after a GC (issue #3's figures; bench/ws-idle-rss.sh uses the README's options)
#   CDS=0                         1 = the comet server maps a class-data archive written by a training start first,
#                                 as the systemd unit does from its second start (bench/ws-idle-rss.sh)
#   KEEP_WORK=0                   1 = keep the temporary folder (configs, server logs)
set -euo pipefail

SERVERS=${SERVERS:-12}
STEPS=${STEPS:-1000 5000 10000 18000}
HOLD=${HOLD:-10}
SETTLE=${SETTLE:-2}
TARGETS=${TARGETS:-comet bare}
GC=${GC:-1}
SUBSCRIBE=${SUBSCRIBE:-}
BUILD=${BUILD:-1}
BUILD_DIR=${BUILD_DIR:-target}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ws-idle-bench.XXXXXX")
# shellcheck source=bench/ws-common.sh
source "$ROOT/bench/ws-common.sh"
trap stop_started EXIT

main() {
  build
  machine
  local args=(jar="$(bench_jar)" steps="${STEPS// /,}" hold="$HOLD" settle="$SETTLE" gc="$GC") i
  [[ -n $SUBSCRIBE ]] && args+=(subscribe="$SUBSCRIBE")
  if wants comet; then
    if [[ ${CDS:-0} == 1 ]]; then
      train_class_archive "$WORK/comet.jsa"
      export COMET_JAVA_OPTS="-XX:SharedArchiveFile=$WORK/comet.jsa"
    fi
    for ((i = 1; i <= SERVERS; i++)); do
      start_comet "comet$i" 1
      log "comet server $i: ws port $COMET_WS_PORT (pid $COMET_PID)"
      args+=(target="comet:$COMET_WS_PORT:$COMET_PID")
    done
  fi
  if wants bare; then
    start_bare bare 1
    log "bare netty reference: port $BARE_PORT (pid $BARE_PID)"
    args+=(target="bare:$BARE_PORT:$BARE_PID")
  fi
  local steps_count limit
  steps_count=$(wc -w <<<"$STEPS")
  limit=$(( steps_count * (300 + SETTLE + 120) + HOLD + 120 ))
  timeout --kill-after=5 "$limit" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -cp "$(bench_jar)" \
    org.cometserver.bench.WsIdleBench "${args[@]}"
}

main "$@"
