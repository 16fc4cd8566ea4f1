#!/usr/bin/env bash
# P2P call signalling benchmark (one command; issue #10 acceptance 4). Starts one comet server and the bare Netty
# WebSocket relay (the reference) with the same event-loop count; the load client connects PAIRS callers and PAIRS
# callees to each in turn and sets calls up at each of RATES per second: call (caller -> callee, SDP offer), accept
# (callee -> caller, SDP answer, sent when the call arrives), hangUp. Prints call -> callee and accept -> caller
# latency p50/p99, the server's CPU per relayed signal, and the ratios comet/bare. See docs/BENCHMARKS.md.
#
# Environment (all optional):
#   PAIRS=100                     caller/callee pairs (2 x PAIRS connections); the comet server's default
#                                 [calls] signals_per_second (50 a connection) allows 25 set-ups/s a pair
#   RATES=1,100,1000              call set-ups per second, measured one after the other
#   WARMUP=15 DURATION=10         seconds of warm-up (at the highest rate) and of each measured rate
#   MIN_SAMPLES=30                a rate runs until at least this many set-ups (30 s at 1/s)
#   SDP_BYTES=1800                size of the offer and answer SDP
#   WS_THREADS=2                  event loops of both servers ([ws] thread_num for the comet server)
#   TARGETS="comet bare"          "bare" alone measures only the reference
#   BUILD=1 BUILD_DIR=target      0 = use what is built; Maven output folder (parent pom's buildDir)
#   SERVER_JAVA_OPTS="-Xms256m -Xmx1g"  JVM options of both servers
#   KEEP_WORK=0                   1 = keep the temporary folder (configs, server logs)
set -euo pipefail

PAIRS=${PAIRS:-100}
RATES=${RATES:-1,100,1000}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-10}
MIN_SAMPLES=${MIN_SAMPLES:-30}
SDP_BYTES=${SDP_BYTES:-1800}
WS_THREADS=${WS_THREADS:-2}
TARGETS=${TARGETS:-comet bare}
BUILD=${BUILD:-1}
BUILD_DIR=${BUILD_DIR:-target}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms256m -Xmx1g}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2p-calls-bench.XXXXXX")
# shellcheck source=bench/ws-common.sh
source "$ROOT/bench/ws-common.sh"
trap stop_started EXIT

main() {
  build
  machine
  local args=(pairs="$PAIRS" rates="$RATES" warmup="$WARMUP" duration="$DURATION" min-samples="$MIN_SAMPLES"
              sdp-bytes="$SDP_BYTES" clk-tck="$(getconf CLK_TCK)")
  if wants comet; then
    start_comet comet "$WS_THREADS"
    log "comet server: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    args+=(target="comet:$COMET_WS_PORT:$COMET_PID:$COMET_QL_PORT")
  fi
  if wants bare; then
    start_bare bare "$WS_THREADS"
    log "bare netty relay: port $BARE_PORT (pid $BARE_PID)"
    args+=(target="bare:$BARE_PORT:$BARE_PID")
  fi
  local rates_count seconds=0 rate
  IFS=, read -ra rates_count <<<"$RATES"
  for rate in "${rates_count[@]}"; do
    seconds=$(( seconds + DURATION + MIN_SAMPLES / rate + 15 ))
  done
  local limit=$(( $(wc -w <<<"$TARGETS") * (120 + WARMUP + seconds) + 30 ))
  # The client shares the two cores with the servers: one JIT tier, SerialGC, small heap, one thread.
  timeout --kill-after=5 "$limit" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx256m \
    -cp "$(bench_jar)" org.cometserver.bench.P2pCallBench "${args[@]}"
}

main "$@"
