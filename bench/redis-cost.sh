#!/usr/bin/env bash
# Redis's own cost per publication (issue #12, docs/CLUSTER.md "Scale"): starts a private redis-server (loopback,
# free port, --save '' --appendonly yes --appendfsync everysec, as bench/cluster.sh), then for 0, 1, 3 and 10
# subscribed "nodes" (redis-cli SSUBSCRIBE connections) runs redis-benchmark with the command a node sends per
# publication: SPUBLISH of a fan-out frame (channel without history) and EVALSHA of the history script, read from
# RedisHistory.java (channel with history, length 100). Prints redis-server's CPU per command (all its threads,
# /proc/<pid>/task/*/schedstat: reading the request, the script, the AOF, the reply and the pushes) and Redis's own
# usec_per_call (INFO commandstats: the command alone, without the I/O).
#
# Environment (all optional):
#   REQUESTS=200000 CLIENTS=8     redis-benchmark -n and -c
#   NODES_LIST="0 1 3 10"         subscribed nodes to measure with
#   HISTORY_SOURCE=comet-server/.../broker/redis/RedisHistory.java  where the history script is read from
#   KEEP_WORK=0                   1 = keep the temporary folder (redis.log)
set -euo pipefail

REQUESTS=${REQUESTS:-200000}
CLIENTS=${CLIENTS:-8}
NODES_LIST=${NODES_LIST:-0 1 3 10}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/redis-cost.XXXXXX")
# shellcheck source=bench/ws-common.sh
source "$ROOT/bench/ws-common.sh"
trap stop_started EXIT

HISTORY_SOURCE=${HISTORY_SOURCE:-$ROOT/comet-server/src/main/java/org/cometserver/server/broker/redis/RedisHistory.java}
# A frame as a node publishes it: K<offset>:<epoch>:<frame>.
FRAME='K1:0123456789abcdef:{"data":"p2t123456789012345","event":"bench","message_send_time":1733400000,"pipe":"bench_fanout"}'

# The history script as the server loads it: the text block after "PUBLISH = new LuaScript(".
history_script() {
  [[ -f $HISTORY_SOURCE ]] || fail "$HISTORY_SOURCE not found: the Redis broker (branch redis) is not merged yet"
  sed -n '/ PUBLISH = new LuaScript("""/,/^ *""", ScriptOutputType/p' "$HISTORY_SOURCE" | sed '1d;$d'
}

redis_cpu() {
  local sum=0 task
  for task in /proc/"$REDIS_PID"/task/*/schedstat; do sum=$((sum + $(cut -d' ' -f1 "$task"))); done
  echo "$sum"
}

# measure LABEL NODES COMMAND...: redis-benchmark with NODES subscribed connections.
measure() {
  local label=$1 nodes=$2 subscribers=() i before after
  shift 2
  for i in $(seq "$nodes"); do
    redis-cli -p "$REDIS_PORT" ssubscribe bench_fanout >/dev/null &
    subscribers+=($!)
  done
  sleep 0.5
  redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  before=$(redis_cpu)
  redis-benchmark -p "$REDIS_PORT" -n "$REQUESTS" -c "$CLIENTS" -q "$@" >/dev/null
  after=$(redis_cpu)
  printf '%-9s %5d %16.2f   %s\n' "$label" "$nodes" "$(bc -l <<<"($after - $before) / $REQUESTS / 1000")" \
    "$(redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | grep -E '^cmdstat_(spublish|evalsha):' \
       | sed -E 's/^cmdstat_([a-z]+):.*usec_per_call=([0-9.]+).*/\1 \2/' | tr '\n' ' ')"
  for i in "${subscribers[@]}"; do kill "$i"; wait "$i" 2>/dev/null || true; done
}

main() {
  local sha nodes
  machine
  start_redis redis
  log "redis-benchmark -n $REQUESTS -c $CLIENTS"
  sha=$(redis-cli -p "$REDIS_PORT" script load "$(history_script)")
  echo "command   nodes  redis us/command   usec_per_call (INFO commandstats)"
  for nodes in $NODES_LIST; do
    measure SPUBLISH "$nodes" SPUBLISH bench_fanout "$FRAME"
  done
  for nodes in $NODES_LIST; do
    # KEYS offset, epoch, list, channel (one hash slot); ARGV frame, keep, ttl, new epoch, publish command
    measure EVALSHA "$nodes" EVALSHA "$sha" 4 '{bench_h}.o' '{bench_h}.e' '{bench_h}.l' bench_fanout "$FRAME" 100 86400 \
      epoch1 SPUBLISH
  done
}

main "$@"
