#!/usr/bin/env bash
# Conference benchmark (one command; issue #4 acceptance 4, issue #11 acceptance 6): event -> conference_members row
# latency, the round trip of a control statement (UPDATE conference_members SET muted=...), PIN dial-in -> the phone's
# conference_members row (the stand-in asks the server's mod_xml_curl endpoint) and a page's callParticipant ->
# CALL_PARTICIPANT_CONNECTED, over the FreeSWITCH stand-in, each printed with a
# reference measured in the same run (a bare event-socket client on the same stand-in) and the ratio. See
# docs/BENCHMARKS.md.
#
# Environment (all optional):
#   JOINS=300 CONTROLS=1000 WARMUP=200   members joined / control statements measured / warm-up iterations of each
#   DIALINS=300                          PIN dial-ins measured, and as many callParticipant calls
#   COMETQL_IO=io_uring                  [cometql] io of the comet server (the product default)
#   BUILD=1 BUILD_DIR=target             0 = use what is built; Maven output folder (parent pom's buildDir)
#   KEEP_WORK=0                          1 = keep the temporary folder (config, store)
#   SERVER_JAR=comet-server/$BUILD_DIR/comet-server.jar   the server to measure (A/B runs: another build's jar)
#   SERVER_JAVA_OPTS= CLIENT_JAVA_OPTS=  extra JVM options of the server / the load client (e.g. -Xlog:gc:file=...)
set -euo pipefail

JOINS=${JOINS:-300}
CONTROLS=${CONTROLS:-1000}
WARMUP=${WARMUP:-200}
DIALINS=${DIALINS:-300}
COMETQL_IO=${COMETQL_IO:-io_uring}
BUILD=${BUILD:-1}
BUILD_DIR=${BUILD_DIR:-target}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/conference-bench.XXXXXX")
cleanup() { [[ ${KEEP_WORK:-0} == 1 ]] && echo "[bench] kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT

if [[ $BUILD == 1 ]]; then
  echo "[bench] building (mvn -B -q -DskipTests -DbuildDir=$BUILD_DIR package)" >&2
  (cd "$ROOT" && mvn -B -q -DskipTests -DbuildDir="$BUILD_DIR" package)
fi
jar=$(ls "$ROOT/bench/$BUILD_DIR"/bench-*.jar | head -1)
echo "[bench] machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# one JIT tier and a small heap for the client side: it shares the two cores with the server it measures
SERVER_JAR=${SERVER_JAR:-$ROOT/comet-server/$BUILD_DIR/comet-server.jar}
# shellcheck disable=SC2086 # CLIENT_JAVA_OPTS is a list of options
timeout --kill-after=5 600 java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m ${CLIENT_JAVA_OPTS:-} \
  -Dbench.serverJavaOptions="${SERVER_JAVA_OPTS:-}" -cp "$jar" \
  org.cometserver.bench.ConferenceBench server-jar="$SERVER_JAR" work="$WORK" \
  joins="$JOINS" controls="$CONTROLS" warmup="$WARMUP" dialins="$DIALINS" cometql-io="$COMETQL_IO"
