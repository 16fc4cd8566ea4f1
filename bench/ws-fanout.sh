#!/usr/bin/env bash
# WebSocket fan-out benchmark (one command; issues #3 and #13). Starts one comet server, the bare Netty WebSocket
# reference and the minimal NIO writer (the floor: one write per subscriber socket, no framework) with the same thread
# count; for each scenario SUBSCRIBERSxRATE the load client subscribes that many connections to one channel on each
# target in turn, publishes (CometQL INSERT INTO pipes_messages to the comet server, a WebSocket command to the two
# references) and prints delivered messages/s and publish -> receive latency p50/p99/p99.9 for the fixed rate and for
# the highest sustained rate, server and client CPU per delivered message, the load client's GC pauses per phase and
# the ratios to the references. The servers' GC pauses are logged (GC_LOG=1) and summed after each scenario. Before
# the first scenario's load, the time to serverInfo of the fresh server's 1st and 10th connection (issue #9). See
# docs/BENCHMARKS.md.
#
# Environment (all optional):
#   SCENARIOS="1000x20 10000x5"   SUBSCRIBERSxRATE, run one after the other on the same servers (issue #13);
#                                 SUBSCRIBERS=N RATE=R alone give the one scenario NxR (N <= 19000, one process)
#   ROUNDS=1                      repeats of all scenarios; round r starts with the r-th target (then the next ones,
#                                 wrapping), so over as many rounds as targets each target is measured once in each
#                                 position (the first of a round shares the cores with a load client just started)
#   WINDOW=4                      throughput phase: messages published but not yet received by every subscriber
#   WARMUP=5 DURATION=10          seconds of warm-up (JIT) and of each measured phase
#   SAMPLE_EVERY=                 latency recorded on every Nth subscriber; default: SUBSCRIBERS / 1000 (at least 1)
#   WS_THREADS=2                  event loops of every server ([ws] thread_num for the comet server)
#   TARGETS="comet bare minimal"  any subset; "baseline" too when BASELINE_JAR is given, "comet-io_uring" for the comet
#                                 server with [ws] io = io_uring, "comet-ws" for the comet server published to over
#                                 its WebSocket as a browser does (web_pipe2), as the references are: the fan-out
#                                 without the CometQL statement (the same server process as "comet" when both run)
#   BASELINE_JAR=                 another comet-server.jar (e.g. main's) measured as target "baseline" in the same run
#   BUILD=1 BUILD_DIR=target      0 = use what is built; Maven output folder (parent pom's buildDir)
#   SERVER_JAVA_OPTS="-Xms256m -Xmx1g"  JVM options of every server
#   GC_LOG=1                      0 = no GC log of the servers
#   KEEP_WORK=0                   1 = keep the temporary folder (configs, server logs, GC logs)
set -euo pipefail

if [[ -z ${SCENARIOS:-} && ( -n ${SUBSCRIBERS:-} || -n ${RATE:-} ) ]]; then
  SCENARIOS="${SUBSCRIBERS:-10000}x${RATE:-5}"
fi
SCENARIOS=${SCENARIOS:-1000x20 10000x5}
ROUNDS=${ROUNDS:-1}
WINDOW=${WINDOW:-4}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-10}
SAMPLE_EVERY=${SAMPLE_EVERY:-}
WS_THREADS=${WS_THREADS:-2}
BASELINE_JAR=${BASELINE_JAR:-}
TARGETS=${TARGETS:-comet${BASELINE_JAR:+ baseline} bare minimal}
BUILD=${BUILD:-1}
BUILD_DIR=${BUILD_DIR:-target}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms256m -Xmx1g}
GC_LOG=${GC_LOG:-1}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ws-fanout-bench.XXXXXX")
# shellcheck source=bench/ws-common.sh
source "$ROOT/bench/ws-common.sh"
trap stop_started EXIT

main() {
  build
  machine
  local targets=() scenario subscribers rate sample first=10
  if wants comet; then
    start_comet comet "$WS_THREADS"
    log "comet server: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    targets+=(target="comet:$COMET_WS_PORT:$COMET_PID:$COMET_QL_PORT")
  fi
  if wants comet-ws; then
    if ! wants comet; then
      start_comet comet "$WS_THREADS"
      log "comet server: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    fi
    targets+=(target="comet-ws:$COMET_WS_PORT:$COMET_PID")
  fi
  if wants baseline; then
    [[ -n $BASELINE_JAR ]] || fail "TARGETS has baseline: give BASELINE_JAR"
    COMET_JAR=$BASELINE_JAR start_comet baseline "$WS_THREADS"
    log "baseline comet server ($BASELINE_JAR): ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    targets+=(target="comet:$COMET_WS_PORT:$COMET_PID:$COMET_QL_PORT:baseline")
  fi
  if wants comet-io_uring; then
    COMET_WS_INI="io = io_uring" start_comet comet-io_uring "$WS_THREADS"
    log "comet server, [ws] io = io_uring: ws port $COMET_WS_PORT, cometql port $COMET_QL_PORT (pid $COMET_PID)"
    targets+=(target="comet:$COMET_WS_PORT:$COMET_PID:$COMET_QL_PORT:comet-io_uring")
  fi
  if wants bare; then
    start_bare bare "$WS_THREADS"
    log "bare netty reference: port $BARE_PORT (pid $BARE_PID)"
    targets+=(target="bare:$BARE_PORT:$BARE_PID")
  fi
  if wants minimal; then
    start_minimal minimal "$WS_THREADS"
    log "minimal writer: port $MINIMAL_PORT (pid $MINIMAL_PID)"
    targets+=(target="minimal:$MINIMAL_PORT:$MINIMAL_PID")
  fi
  local round order=()
  for (( round = 1; round <= ROUNDS; round++ )); do
  for scenario in $SCENARIOS; do
    # round r starts with target r: no target is always first, last or in the middle
    order=()
    for (( i = 0; i < ${#targets[@]}; i++ )); do order+=("${targets[(i + round - 1) % ${#targets[@]}]}"); done
    subscribers=${scenario%x*}
    rate=${scenario#*x}
    sample=${SAMPLE_EVERY:-$(( subscribers / 1000 > 1 ? subscribers / 1000 : 1 ))}
    log "round $round, scenario $subscribers subscribers x $rate msg/s: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    local limit=$(( ${#targets[@]} * (2 * 180 + WARMUP + 2 * DURATION + 60) + 30 ))
    # The client shares the two cores with the servers: one JIT tier, SerialGC, small heap.
    timeout --kill-after=5 "$limit" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx256m \
      -cp "$(bench_jar)" org.cometserver.bench.WsFanoutBench subscribers="$subscribers" rate="$rate" \
      window="$WINDOW" warmup="$WARMUP" duration="$DURATION" sample-every="$sample" first-connections="$first" \
      clk-tck="$(getconf CLK_TCK)" "${order[@]}"
    first=0
    log "after scenario $scenario: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    for name in comet baseline comet-io_uring bare minimal; do gc_summary "$name" "$WORK/$name"; done
  done
  done
}

main "$@"
