#!/usr/bin/env bash
# Issue #13's idle-memory benchmark (one command): ONE freshly started comet server process and one bare Netty
# WebSocket server started the same way (the systemd unit's JVM options and environment, packaging/comet-server.service;
# the comet server also maps a class-data archive written by a training start first, as the unit does from its second
# start), each loaded by its own client process from its own source address; 10,000 then 19,000 idle connections, each
# subscribed to a pipe. Prints VmRSS before and after each step as ps shows it: no GC is forced by the benchmark
# (whatever the server does to shrink when idle, it does itself). Goal: after − before <= 3.7 KiB per connection at
# both steps, and <= 190 MiB in all at 19,000 (CppComet 4.09: 3.68 / 3.73 KiB, 127 MB). See docs/BENCHMARKS.md.
#
# Environment (all optional, passed on to bench/ws-idle.sh): STEPS="10000 19000", SETTLE=6 (one native-heap trim
# interval of the unit, once the server is at rest), HOLD=30, GC=0,
# SUBSCRIBE=idle_pipe, SERVER_JAVA_OPTS (default: the README's options), CDS (default 1 when the unit maps a
# class-data archive), the unit's Environment= (e.g. MALLOC_ARENA_MAX), BUILD, BUILD_DIR, TARGETS, KEEP_WORK.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# the systemd unit's JVM options (SystemdUnitTest keeps them equal to the README's), its environment and, when it uses
# one, a class-data archive as its second and later starts map it (CDS=1: a training start writes it first)
UNIT="$ROOT/packaging/comet-server.service"
README_JVM_OPTIONS=$(sed -n 's|^ExecStart=.*exec /usr/bin/java \(.*\) -jar .*|\1|p' "$UNIT")
[[ -n $README_JVM_OPTIONS ]] || { echo "no JVM options in $UNIT" >&2; exit 1; }
if [[ $README_JVM_OPTIONS == *'$${cds}='* ]]; then
  export CDS=${CDS:-1}
  README_JVM_OPTIONS=${README_JVM_OPTIONS%% \$\$\{cds\}=*}
fi
while read -r assignment; do # unless set already, e.g. MALLOC_ARENA_MAX=8 to measure glibc's default
  [[ -v ${assignment%%=*} ]] || export "${assignment?}"
done < <(sed -n 's|^Environment=||p' "$UNIT")
export SERVERS=1 STEPS=${STEPS:-10000 19000} SETTLE=${SETTLE:-6} HOLD=${HOLD:-30} GC=${GC:-0}
export SUBSCRIBE=${SUBSCRIBE:-idle_pipe} SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-$README_JVM_OPTIONS}
exec "$ROOT/bench/ws-idle.sh"
