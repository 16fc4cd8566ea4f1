# Shared by bench/ws-idle.sh, bench/ws-fanout.sh, bench/cluster.sh and bench/redis-cost.sh (sourced, not run):
# building, starting the comet server, the bare Netty reference and redis-server with temporary configs, and stopping
# everything started on exit. Expects ROOT, WORK, BUILD, BUILD_DIR, SERVER_JAVA_OPTS and TARGETS to be set (the last
# four only for build and the Java servers).

STARTED_PIDS=()
REDIS_SERVERS=() # NAME:PORT of every redis-server started

log() { echo "[bench] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
wants() { [[ " $TARGETS " == *" $1 "* ]]; }

# Stops in the reverse order of starting, each before the next, so that cluster nodes still reach the Redis and
# MariaDB started before them while they shut down.
stop_started() {
  local i pid
  for (( i = ${#STARTED_PIDS[@]} - 1; i >= 0; i-- )); do
    pid=${STARTED_PIDS[i]}
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [[ ${KEEP_WORK:-0} == 1 ]] && log "kept $WORK" || rm -rf "$WORK"
}

# gc_log DIR: with GC_LOG=1, the JVM option logging every collection to DIR/gc.log (see gc_summary).
gc_log() { [[ ${GC_LOG:-0} == 1 ]] && echo "-Xlog:gc:file=$1/gc.log" || true; }

# gc_summary NAME DIR: one line with the count, total and longest of the pauses in DIR/gc.log.
gc_summary() {
  [[ -f $2/gc.log ]] || return 0
  awk -v name="$1" '/Pause/ && match($0, /[0-9.]+ms$/) { ms = substr($0, RSTART, RLENGTH - 2) + 0; n++; t += ms;
    if (ms > m) m = ms } END { printf "[bench] %s: %d GC pauses, %.1f ms in all, longest %.1f ms (whole run)\n",
    name, n, t, m }' "$2/gc.log" >&2
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

build() {
  [[ $BUILD == 1 ]] || return 0
  log "building (mvn -B -q -DskipTests -DbuildDir=$BUILD_DIR package)"
  if wants comet; then
    (cd "$ROOT" && mvn -B -q -DskipTests -DbuildDir="$BUILD_DIR" package)
  else
    (cd "$ROOT" && mvn -B -q -DskipTests -DbuildDir="$BUILD_DIR" -pl bench -am package)
  fi
}

bench_jar() {
  local jar
  jar=$(ls "$ROOT/bench/$BUILD_DIR"/bench-*.jar 2>/dev/null | head -1)
  [[ -n $jar ]] || fail "bench jar not built in bench/$BUILD_DIR"
  echo "$jar"
}

# wait_listening PID PORT LOG: waits until PORT accepts connections while PID lives.
wait_listening() {
  local pid=$1 port=$2 logfile=$3
  for _ in $(seq 1200); do
    port_open "$port" && return 0
    kill -0 "$pid" 2>/dev/null || { tail -30 "$logfile" >&2; fail "server pid $pid exited (log $logfile)"; }
    sleep 0.1
  done
  tail -30 "$logfile" >&2
  fail "nothing listens on port $port after 120 s (log $logfile)"
}

# start_comet NAME WS_THREADS [EXTRA_INI]: starts the comet server jar with its own config and store; sets COMET_PID,
# COMET_WS_PORT, COMET_QL_PORT. Waits for both ports. EXTRA_INI (e.g. a [cluster] section) is appended to comet.ini;
# when it has its own [db] section, the node's embedded store is left out. COMET_JAR replaces the jar built here;
# COMET_WS_INI adds lines to the [ws] section (e.g. "io = io_uring"); COMET_JAVA_OPTS adds JVM options of the comet
# server only (e.g. its class-data archive, see train_class_archive).
start_comet() {
  local name=$1 ws_threads=$2 extra_ini=${3:-} dir="$WORK/$1" db_ini
  local jar=${COMET_JAR:-$ROOT/comet-server/$BUILD_DIR/comet-server.jar}
  [[ -f $jar ]] || fail "$jar not built (TARGETS=bare measures the reference alone)"
  mkdir -p "$dir/store"
  COMET_WS_PORT=$(free_port)
  COMET_QL_PORT=$(free_port)
  db_ini="[db]"$'\n'"embedded_path = $dir/store/comet"
  [[ $extra_ini == *"[db]"* ]] && db_ini=""
  cat >"$dir/comet.ini" <<INI
[main]
password = CometQLPassword
node_name = $name

$db_ini

[cometql]
ip = 127.0.0.1
port = $COMET_QL_PORT
thread_num = 1

[ws]
ip = 127.0.0.1
port = $COMET_WS_PORT
thread_num = $ws_threads
backlog = 4096
; every load client holds thousands of connections from one address, opened in bursts
max_connections_per_ip = 0
max_handshakes = 20000
${COMET_WS_INI:-}

$extra_ini
INI
  # shellcheck disable=SC2086 # SERVER_JAVA_OPTS is a list of options
  java $SERVER_JAVA_OPTS ${COMET_JAVA_OPTS:-} $(gc_log "$dir") -jar "$jar" --conf "$dir/comet.ini" \
    >"$dir/server.log" 2>&1 &
  COMET_PID=$!
  STARTED_PIDS+=("$COMET_PID")
  wait_listening "$COMET_PID" "$COMET_WS_PORT" "$dir/server.log"
  wait_listening "$COMET_PID" "$COMET_QL_PORT" "$dir/server.log"
}

# train_class_archive ARCHIVE: what the systemd unit's first start does (packaging/comet-server.service): starts a
# comet server writing its classes to ARCHIVE at exit, waits until it is idle (its CometQL warm-up done: below 2 % of
# a core for 3 s in a row), stops it and waits for the archive. Later starts with -XX:SharedArchiveFile=ARCHIVE map it.
train_class_archive() {
  local archive=$1 started ticks last quiet=0
  started=$(date +%s)
  COMET_JAVA_OPTS="-XX:ArchiveClassesAtExit=$archive" start_comet cds-training 1
  last=$(awk '{ print $14 + $15 }' "/proc/$COMET_PID/stat")
  for _ in $(seq 120); do
    sleep 1
    ticks=$(awk '{ print $14 + $15 }' "/proc/$COMET_PID/stat")
    (( ticks - last <= 2 )) && quiet=$((quiet + 1)) || quiet=0
    last=$ticks
    (( quiet >= 3 )) && break
  done
  kill "$COMET_PID"
  wait "$COMET_PID" 2>/dev/null || true
  unset 'STARTED_PIDS[-1]'
  [[ -s $archive ]] || fail "no class-data archive written (log $WORK/cds-training/server.log)"
  log "class-data archive: $(( $(stat -c %s "$archive") / 1048576 )) MiB, written in $(( $(date +%s) - started )) s"
}

# start_reference CLASS NAME THREADS: starts a reference server of the bench jar (port=, threads=) with the servers'
# JVM options; sets REFERENCE_PID and REFERENCE_PORT.
start_reference() {
  local class=$1 name=$2 threads=$3 dir="$WORK/$2"
  mkdir -p "$dir"
  REFERENCE_PORT=$(free_port)
  # shellcheck disable=SC2086
  java $SERVER_JAVA_OPTS $(gc_log "$dir") -cp "$(bench_jar)" "org.cometserver.bench.$class" \
    port="$REFERENCE_PORT" threads="$threads" >"$dir/server.log" 2>&1 &
  REFERENCE_PID=$!
  STARTED_PIDS+=("$REFERENCE_PID")
  wait_listening "$REFERENCE_PID" "$REFERENCE_PORT" "$dir/server.log"
}

# start_bare NAME THREADS: starts the bare Netty WebSocket reference; sets BARE_PID and BARE_PORT.
start_bare() {
  start_reference BareNettyWsServer "$1" "$2"
  BARE_PID=$REFERENCE_PID
  BARE_PORT=$REFERENCE_PORT
}

# start_minimal NAME THREADS: starts the minimal NIO writer (the fan-out's floor, MinimalWsWriter); sets MINIMAL_PID
# and MINIMAL_PORT.
start_minimal() {
  start_reference MinimalWsWriter "$1" "$2"
  MINIMAL_PID=$REFERENCE_PID
  MINIMAL_PORT=$REFERENCE_PORT
}

# start_redis NAME: a private redis-server on a free loopback port; sets REDIS_PID and REDIS_PORT.
start_redis() {
  local dir="$WORK/$1"
  mkdir -p "$dir"
  REDIS_PORT=$(free_port)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" --save '' --appendonly yes \
    --appendfsync everysec --daemonize no --logfile "$dir/redis.log" &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  REDIS_SERVERS+=("$1:$REDIS_PORT")
  wait_listening "$REDIS_PID" "$REDIS_PORT" "$dir/redis.log"
  log "$1: redis-server $(redis-server --version | grep -o 'v=[0-9.]*') port $REDIS_PORT (pid $REDIS_PID)," \
      "--save '' --appendonly yes --appendfsync everysec"
}

machine() {
  log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
      "$(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
