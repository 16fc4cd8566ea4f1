#!/usr/bin/env bash
# WebSocket fan-out benchmark (one command; issue #3 acceptance 5b). Starts one comet server and the bare Netty
# WebSocket reference with the same event-loop count; the load client subscribes SUBSCRIBERS connections to one channel
# on each in turn, publishes (CometQL INSERT INTO pipes_messages to the comet server, a WebSocket command to the
# reference) and prints delivered messages/s and publish -> receive latency p50/p99 for a fixed rate and for the
# highest sustained rate, server and client CPU per delivered message, and the ratio comet/bare. Before the load, the
# time to serverInfo of the fresh server's 1st and 10th connection (issue #9). See docs/BENCHMARKS.md.
#
# Environment (all optional):
#   SUBSCRIBERS=10000             subscriber connections (one process; <= 19000)
#   RATE=5                        messages/s in the latency phase (5 x 10000 = 50,000 delivered/s)
#   WINDOW=4                      throughput phase: messages published but not yet received by every subscriber
#   WARMUP=5 DURATION=10          seconds of warm-up (JIT) and of each measured phase
#   SAMPLE_EVERY=10               latency recorded on every Nth subscriber (each of its receipts)
#   WS_THREADS=2                  event loops of both servers ([ws] thread_num for the comet server)
#   TARGETS="comet bare"          "bare" alone measures only the reference
#   BUILD=1 BUILD_DIR=target      0 = use what is built; Maven output folder (parent pom's buildDir)
#   SERVER_JAVA_OPTS="-Xms256m -Xmx1g"  JVM options of both servers
#   KEEP_WORK=0                   1 = keep the temporary folder (configs, server logs)
set -euo pipefail

SUBSCRIBERS=${SUBSCRIBERS:-10000}
RATE=${RATE:-5}
WINDOW=${WINDOW:-4}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-10}
SAMPLE_EVERY=${SAMPLE_EVERY:-10}
WS_THREADS=${WS_THREADS:-2}
TARGETS=${TARGETS:-comet bare}
BUILD=${BUILD:-1}
BUILD_DIR=${BUILD_DIR:-target}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms256m -Xmx1g}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ws-fanout-bench.XXXXXX")
# shellcheck source=bench/ws-common.sh
source "$ROOT/bench/ws-common.sh"
trap stop_started EXIT

main() {
  build
  machine
  local args=(subscribers="$SUBSCRIBERS" rate="$RATE" window="$WINDOW" warmup="$WARMUP" duration="$DURATION"
              sample-every="$SAMPLE_EVERY" clk-tck="$(getconf CLK_TCK)")
  if wants comet; then
    start_comet comet "$WS_THREADS"
    log "comet server: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    args+=(target="comet:$COMET_WS_PORT:$COMET_PID:$COMET_QL_PORT")
  fi
  if wants bare; then
    start_bare bare "$WS_THREADS"
    log "bare netty reference: port $BARE_PORT (pid $BARE_PID)"
    args+=(target="bare:$BARE_PORT:$BARE_PID")
  fi
  local limit=$(( $(wc -w <<<"$TARGETS") * (2 * 180 + WARMUP + 2 * DURATION + 60) + 30 ))
  # The client shares the two cores with the servers: one JIT tier, SerialGC, small heap.
  timeout --kill-after=5 "$limit" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx256m \
    -cp "$(bench_jar)" org.cometserver.bench.WsFanoutBench "${args[@]}"
}

main "$@"
