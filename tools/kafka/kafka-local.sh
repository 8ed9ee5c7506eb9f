#!/usr/bin/env bash
# kafka-local.sh - run a real single-node Apache Kafka broker (KRaft mode: broker and controller in
# one JVM, no ZooKeeper, no Docker) for local development and tests.
#
# The broker's jars are resolved from Maven Central with Maven (pom.xml next to this file) into a
# cache directory, and the broker runs on the machine's Java (17+ for Kafka 4.x).
#
# Usage: bash tools/kafka/kafka-local.sh <command>      (or: npm run kafka -- <command>)
#   fetch     resolve the broker's jars into the cache (idempotent; done by `start` when needed)
#   start     fetch if needed, format the storage once, start the broker detached, wait until it
#             serves clients. Already running -> just checks readiness. Prints host:port on stdout.
#   stop      SIGTERM (controlled shutdown), SIGKILL after KAFKA_STOP_TIMEOUT
#   status    exit 0 = running and ready, 1 = process up but port closed, 3 = stopped
#   restart   stop + start
#   reset     stop + delete the topics/data of this instance (next start formats a fresh cluster)
#   logs      last 200 lines of the broker log (and follow it when stdout is a terminal)
#
# Environment (all optional):
#   KAFKA_VERSION          4.3.1 (default) or 3.9.2 (fallback; any 4.x / 3.9.x should work)
#   KAFKA_HOST             127.0.0.1 - address the listeners bind to and advertise
#   KAFKA_ADVERTISED_HOST  defaults to KAFKA_HOST (set it when KAFKA_HOST is 0.0.0.0)
#   KAFKA_PORT             9092 - client (PLAINTEXT) port
#   KAFKA_CONTROLLER_PORT  9093 - KRaft controller port
#   KAFKA_CACHE_DIR        ~/.cache/madeinworld/kafka (jars in <cache>/<version>/libs)
#   KAFKA_STATE_DIR        tools/kafka/.run/<KAFKA_PORT> (data/, logs/, server.properties, pid).
#                          Keyed by port, so brokers on different ports can run side by side.
#   KAFKA_HEAP_OPTS        -Xms512m -Xmx512m
#   KAFKA_JVM_PERFORMANCE_OPTS  GC/JIT flags (default: those of Kafka's bin/kafka-run-class.sh
#                          plus -XX:TieredStopAtLevel=1, see below)
#   KAFKA_CDS              1 (default): keep a class-data-sharing archive of the broker's classes
#                          (made during the first run, used by later starts); 0: off
#   KAFKA_OPTS             extra JVM arguments
#   KAFKA_START_TIMEOUT    120 (seconds, from JVM launch to ready; the download is not counted)
#   KAFKA_STOP_TIMEOUT     60 (seconds before SIGKILL)
#   KAFKA_MVN_ARGS         extra arguments for mvn (e.g. "-s ci-settings.xml")
#   KAFKA_CLUSTER_ID       cluster id used when formatting fresh storage (default: random)
#   JAVA_HOME              Java to use (default: `java` on PATH)
#   KAFKA_NODE             Node.js used for the protocol-level readiness check (default: `node`)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
case "$KAFKA_VERSION" in
  4.*)
    MVN_PROFILE=kafka-4; MIN_JAVA=17; TEMPLATE="$SCRIPT_DIR/server.properties"
    LOG4J_OPTS=("-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2.properties") ;;
  3.9.*)
    MVN_PROFILE=kafka-3.9; MIN_JAVA=11; TEMPLATE="$SCRIPT_DIR/server-3.9.properties"
    LOG4J_OPTS=("-Dlog4j.configuration=file:$SCRIPT_DIR/log4j.properties") ;;
  *)
    echo "kafka-local: unsupported KAFKA_VERSION=$KAFKA_VERSION (use 4.x, e.g. 4.3.1, or 3.9.x, e.g. 3.9.2)" >&2
    exit 2 ;;
esac

HOST="${KAFKA_HOST:-127.0.0.1}"
ADV_HOST="${KAFKA_ADVERTISED_HOST:-$HOST}"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
# Where to probe the ports: a wildcard bind address is reachable through loopback.
case "$HOST" in 0.0.0.0|::|'') PROBE_HOST=127.0.0.1 ;; *) PROBE_HOST="$HOST" ;; esac

CACHE_DIR="${KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/madeinworld/kafka}"
LIB_DIR="$CACHE_DIR/$KAFKA_VERSION/libs"
STATE_DIR="${KAFKA_STATE_DIR:-$SCRIPT_DIR/.run/$PORT}"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
LOG_FILE="$LOG_DIR/server.log"
CFG="$STATE_DIR/server.properties"
PID_FILE="$STATE_DIR/kafka.pid"
VERSION_FILE="$STATE_DIR/kafka.version"   # version that formatted DATA_DIR
START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"
NODE="${KAFKA_NODE:-node}"

if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
read -r -a HEAP_OPTS <<< "${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m}"
# GC flags of bin/kafka-run-class.sh, plus -XX:TieredStopAtLevel=1 (C1 JIT only): on a 2-core machine
# the C2 compiler threads compete with startup; C1 alone starts the broker ~1.5 s sooner, and its
# lower peak throughput does not matter for tests.
read -r -a PERF_OPTS <<< "${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"
read -r -a EXTRA_OPTS <<< "${KAFKA_OPTS:-}"

log() { echo "kafka-local: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# What to do instead when this machine cannot run the broker itself. <missing piece: java|mvn>
alternatives() {
  {
    echo "kafka-local: options:"
    case "$1" in
      java) echo "  - install OpenJDK 17:      sudo apt-get install openjdk-17-jre-headless   (or set JAVA_HOME to a Java $MIN_JAVA+ install)" ;;
      mvn)  echo "  - install Maven:           sudo apt-get install maven   (needed for the first download only)" ;;
    esac
    echo "  - use an existing broker:  export KAFKA_BROKERS=host:9092   (the app and tests then need no local broker)"
    echo "  - use Docker instead:      docker compose up -d kafka   (on a machine with a Docker engine)"
  } >&2
}

# TCP probe with bash's /dev/tcp (no nc/ss needed).
port_open() {
  # shellcheck disable=SC2016  # $0/$1 are expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Serialise commands that touch the same directory (two CI jobs, two terminals) when flock exists.
# fd 9 = lock of the state dir, fd 8 = lock of the jar cache; the broker is launched with both
# closed, so it never holds a lock.
take_lock() { # <fd> <lock file>
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$(dirname "$2")"
  eval "exec $1>\"\$2\""
  flock -w 900 "$1" || die "timed out waiting for lock $2"
}
drop_lock() { eval "exec $1>&-"; } # <fd>

JAVA_MAJOR=0 JAVA_BUILD=""   # set by check_java
check_java() {
  if ! command -v "$JAVA" >/dev/null 2>&1; then
    log "ERROR: Java not found ('$JAVA'). Kafka $KAFKA_VERSION needs Java $MIN_JAVA or newer."
    alternatives java; exit 1
  fi
  local out v
  out="$("$JAVA" -version 2>&1 || true)"
  # Same parsing as Kafka's bin/kafka-run-class.sh: 'openjdk version "17.0.15"' -> 17, "1.8.0" -> 1
  v=$(sed -E -n 's/.* version "([0-9]*).*$/\1/p' <<< "$out" | head -n1)
  if [[ -z "$v" || "$v" -lt "$MIN_JAVA" ]]; then
    log "ERROR: Kafka $KAFKA_VERSION needs Java $MIN_JAVA or newer; '$JAVA' is: $(head -n1 <<< "$out")"
    alternatives java; exit 1
  fi
  JAVA_MAJOR="$v"
  # "OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)" -> 17.0.15+6-Debian-1deb12u1
  JAVA_BUILD=$(sed -n 's/.*(build \([^),]*\)).*/\1/p' <<< "$out" | head -n1)
}

check_mvn() {
  if ! command -v mvn >/dev/null 2>&1; then
    log "ERROR: Maven (mvn) not found; it is needed once to download Kafka $KAFKA_VERSION from Maven Central into $CACHE_DIR."
    alternatives mvn; exit 1
  fi
}

fetch_jars() {
  [[ -f "$LIB_DIR/.complete" ]] && return 0
  take_lock 8 "$CACHE_DIR/.fetch-$KAFKA_VERSION.lock"
  if [[ -f "$LIB_DIR/.complete" ]]; then drop_lock 8; return 0; fi   # another process fetched meanwhile
  check_mvn
  local tmp="$LIB_DIR.tmp.$$" mvn_log="$CACHE_DIR/$KAFKA_VERSION/mvn.log"
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "downloading Kafka $KAFKA_VERSION from Maven Central (profile $MVN_PROFILE; first time only, can take minutes; log: $mvn_log)"
  local t0=$SECONDS
  # shellcheck disable=SC2086  # KAFKA_MVN_ARGS is deliberately word-split
  if ! mvn -B -ntp -f "$SCRIPT_DIR/pom.xml" -P"$MVN_PROFILE" -Dkafka.version="$KAFKA_VERSION" \
        ${KAFKA_MVN_ARGS:-} \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" > "$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2 || true
    rm -rf "$tmp"; die "Maven could not resolve Kafka $KAFKA_VERSION (full log: $mvn_log)"
  fi
  local jar
  for jar in "kafka_2.13-$KAFKA_VERSION.jar" "kafka-clients-$KAFKA_VERSION.jar"; do
    [[ -f "$tmp/$jar" ]] || { rm -rf "$tmp"; die "$jar missing after resolution (see $mvn_log)"; }
  done
  compgen -G "$tmp/log4j-slf4j-impl-*.jar" >/dev/null || compgen -G "$tmp/slf4j-reload4j-*.jar" >/dev/null \
    || log "WARNING: no SLF4J binding on the classpath; the broker will write no log"
  rm -rf "$LIB_DIR" "$CACHE_DIR/$KAFKA_VERSION/cds"; mv "$tmp" "$LIB_DIR"
  touch "$LIB_DIR/.complete"
  log "$(find "$LIB_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIB_DIR" | cut -f1)) in $LIB_DIR after $((SECONDS - t0))s"
  drop_lock 8
}

# Template + the keys that depend on this instance. Rewritten on every start, so changes to the
# templates or to the env take effect on the next start.
render_config() {
  mkdir -p "$STATE_DIR" "$DATA_DIR" "$LOG_DIR" "$STATE_DIR/tmp"
  {
    cat "$TEMPLATE"
    echo
    echo "# ---- written by kafka-local.sh for this instance (last value of a key wins) ----"
    echo "log.dirs=$DATA_DIR"
    echo "listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT"
    echo "advertised.listeners=PLAINTEXT://$ADV_HOST:$PORT"
    echo "controller.quorum.voters=1@$PROBE_HOST:$CPORT"
  } > "$CFG.tmp"
  mv "$CFG.tmp" "$CFG"
}

# A KRaft cluster id is 16 random bytes in URL-safe base64 without padding (Kafka's Uuid). Made
# here rather than with `StorageTool random-uuid`, which would cost one more JVM start.
random_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* && "$id" != AAAAAAAAAAAAAAAAAAAAA* ]] && { echo "$id"; return; }
  done
}

# Data formatted by one Kafka version is not guaranteed to start with another (no downgrades).
check_data_version() {
  [[ -f "$DATA_DIR/meta.properties" && -f "$VERSION_FILE" ]] || return 0
  local formatted
  formatted="$(cat "$VERSION_FILE")"
  [[ "$formatted" == "$KAFKA_VERSION" ]] && return 0
  die "$DATA_DIR was formatted by Kafka $formatted, not $KAFKA_VERSION. Either use KAFKA_VERSION=$formatted, or wipe it: KAFKA_PORT=$PORT bash $0 reset"
}

format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local cid="${KAFKA_CLUSTER_ID:-$(random_cluster_id)}"
  log "formatting $DATA_DIR (Kafka $KAFKA_VERSION, cluster id $cid)"
  # = bin/kafka-storage.sh format. Static quorum (controller.quorum.voters), hence no --standalone.
  if ! "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 "${LOG4J_OPTS[@]}" -Dkafka.root.level=WARN \
        -Djava.io.tmpdir="$STATE_DIR/tmp" -cp "$LIB_DIR/*" kafka.tools.StorageTool \
        format --cluster-id "$cid" --config "$CFG" --ignore-formatted > "$LOG_DIR/format.log" 2>&1; then
    cat "$LOG_DIR/format.log" >&2
    die "storage format failed"
  fi
  echo "$cid" > "$STATE_DIR/cluster.id"
  echo "$KAFKA_VERSION" > "$VERSION_FILE"
}

# Class-data sharing (JDK 13+ dynamic CDS archives). Loading and verifying the broker's ~10k
# classes is most of its startup time on a small machine; with an archive mapped at launch the
# JVM skips that (measured here: ~2 s instead of ~4.5 s to ready). The first start runs with
# -XX:ArchiveClassesAtExit, the JVM writes the archive when it exits after `stop`, and later starts
# use it. The archive belongs to one JDK build and one jar set; the JVM checks both and silently
# runs without it on a mismatch (-Xshare:auto), so a stale archive only costs speed.
CDS_OPTS=()
CDS_PENDING="$STATE_DIR/cds.pending"   # "<tmp file>\n<final archive>" while a dump is due at exit
setup_cds() {
  finish_cds 1   # leftover from a broker that did not go through `stop`: discard
  [[ "${KAFKA_CDS:-1}" == 1 && "$JAVA_MAJOR" -ge 17 && -n "$JAVA_BUILD" ]] || return 0
  local dir="$CACHE_DIR/$KAFKA_VERSION/cds" archive
  archive="$dir/$(printf '%s' "$JAVA_BUILD" | tr -c 'A-Za-z0-9._+-' '_').jsa"
  mkdir -p "$dir"
  if [[ -s "$archive" ]]; then
    CDS_OPTS=("-XX:SharedArchiveFile=$archive")
  else
    local tmp="$archive.$PORT.$$.tmp"
    CDS_OPTS=("-XX:ArchiveClassesAtExit=$tmp")
    printf '%s\n%s\n' "$tmp" "$archive" > "$CDS_PENDING"
  fi
  CDS_OPTS+=(-Xlog:cds=off -Xlog:cds+dynamic=off)   # the dump lists hundreds of skipped classes
}
finish_cds() { # <1 = the JVM did not exit cleanly: drop the dump>
  [[ -f "$CDS_PENDING" ]] || return 0
  local tmp="" archive=""
  { read -r tmp; read -r archive; } < "$CDS_PENDING" || true
  rm -f "$CDS_PENDING"
  if [[ "$1" == 0 && -s "$tmp" && -n "$archive" ]]; then
    mv -f "$tmp" "$archive"
    log "saved class-data archive $archive (faster JVM start next time)"
  else
    rm -f "$tmp"
  fi
}

read_pid() { if [[ -f "$PID_FILE" ]]; then tr -dc '0-9' < "$PID_FILE"; fi; }

# True when <pid> is alive AND is the broker of this state dir (a stale pid file may name an
# unrelated process after a reboot).
is_our_broker() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "kafka.Kafka $CFG"
  else
    ps -p "$pid" -o args= 2>/dev/null | grep -qF -- "kafka.Kafka $CFG"
  fi
}

running_version() { if [[ -f "$VERSION_FILE" ]]; then cat "$VERSION_FILE"; else echo "$KAFKA_VERSION"; fi; }

start() {
  mkdir -p "$STATE_DIR"
  take_lock 9 "$STATE_DIR/.lock"
  local pid
  pid="$(read_pid)"
  if is_our_broker "$pid"; then
    local rv; rv="$(running_version)"
    [[ "$rv" == "$KAFKA_VERSION" ]] || log "WARNING: the running broker is Kafka $rv (requested $KAFKA_VERSION); restart to switch"
    log "already running (pid $pid)"
    wait_ready "$pid" "$SECONDS" 0
    drop_lock 9
    return 0
  fi
  rm -f "$PID_FILE"
  check_java
  port_open "$PROBE_HOST" "$PORT" && die "$PROBE_HOST:$PORT is already in use by another process (another broker? try KAFKA_PORT=...)"
  port_open "$PROBE_HOST" "$CPORT" && die "$PROBE_HOST:$CPORT is already in use by another process (try KAFKA_CONTROLLER_PORT=...)"
  check_data_version
  fetch_jars
  local t0=$SECONDS
  render_config
  format_storage
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  setup_cds

  # Launch fully detached so that a CI step (or any caller capturing our output) does not hang:
  # own session (setsid), no terminal, stdin from /dev/null, stdout/stderr to the log file, and the
  # lock fds closed. `sh -c 'echo $$ > pidfile; exec java ...'` records the pid that becomes the JVM.
  # The command line is that of bin/kafka-server-start.sh -> kafka-run-class.sh.
  local setsid_cmd=()
  command -v setsid >/dev/null 2>&1 && setsid_cmd=(setsid)
  # shellcheck disable=SC2016  # $$, $0 and $@ belong to the inner sh
  nohup "${setsid_cmd[@]}" sh -c 'echo $$ > "$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" "${HEAP_OPTS[@]}" "${PERF_OPTS[@]}" "${CDS_OPTS[@]}" \
    -Dkafka.logs.dir="$LOG_DIR" "${LOG4J_OPTS[@]}" -Djava.io.tmpdir="$STATE_DIR/tmp" \
    "${EXTRA_OPTS[@]}" -cp "$LIB_DIR/*" \
    kafka.Kafka "$CFG" \
    < /dev/null >> "$LOG_FILE" 2>&1 8>&- 9>&- &

  local _
  for _ in $(seq 1 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(read_pid)"
  [[ -n "$pid" ]] || die "could not launch java (see $LOG_FILE)"
  log "started Kafka $KAFKA_VERSION (pid $pid), waiting for $PROBE_HOST:$PORT (log: $LOG_FILE)"
  wait_ready "$pid" "$t0" 1
  drop_lock 9
}

# Ready = (1) the client port accepts TCP connections - Kafka opens it only once the broker is
# unfenced and able to serve - then (2) wait-ready.cjs, with kafkajs (the project's own client),
# gets a leader for a probe topic, a group coordinator and a producer id (see that file).
wait_ready() { # <pid> <t0 (SECONDS at launch)> <1 = launched by this call: stop it on failure>
  local pid="$1" t0="$2" ours="$3" deadline=$((SECONDS + START_TIMEOUT))
  while ! port_open "$PROBE_HOST" "$PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 60 "$LOG_FILE" >&2 || true
      die "the broker exited during startup (log: $LOG_FILE)"
    fi
    if (( SECONDS >= deadline )); then
      tail -n 60 "$LOG_FILE" >&2 || true
      [[ "$ours" == 1 ]] && stop_broker
      die "port $PORT not open after ${START_TIMEOUT}s (log: $LOG_FILE)"
    fi
    sleep 0.25
  done
  if command -v "$NODE" >/dev/null 2>&1; then
    local left=$(( deadline - SECONDS )) rc=0
    (( left < 5 )) && left=5
    "$NODE" "$SCRIPT_DIR/wait-ready.cjs" "$PROBE_HOST:$PORT" "$((left * 1000))" >&2 || rc=$?
    case "$rc" in
      0) ;;
      3) log "WARNING: kafkajs is not installed (npm ci), readiness checked by TCP probe only" ;;
      *) tail -n 60 "$LOG_FILE" >&2 || true
         [[ "$ours" == 1 ]] && stop_broker
         die "port $PORT is open but the broker does not serve clients (log: $LOG_FILE)" ;;
    esac
  else
    log "WARNING: '$NODE' not found, readiness checked by TCP probe only"
  fi
  log "ready: bootstrap server $ADV_HOST:$PORT (Kafka $(running_version), pid $pid, $((SECONDS - t0))s)"
  echo "$ADV_HOST:$PORT"
}

stop_broker() {
  local pid
  pid="$(read_pid)"
  if ! is_our_broker "$pid"; then
    rm -f "$PID_FILE"; log "not running ($STATE_DIR)"; return 0
  fi
  log "stopping pid $pid (SIGTERM: controlled shutdown)"
  kill -TERM "$pid" 2>/dev/null || true   # what bin/kafka-server-stop.sh sends
  local deadline=$((SECONDS + STOP_TIMEOUT)) t0=$SECONDS killed=0
  [[ -f "$CDS_PENDING" ]] && log "(this first stop also writes the class-data archive: a few seconds more)"
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      killed=1
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  finish_cds "$killed"
  log "stopped ($((SECONDS - t0))s)"
}

stop() {
  mkdir -p "$STATE_DIR"
  take_lock 9 "$STATE_DIR/.lock"
  stop_broker
  drop_lock 9
}

status() {
  local pid
  pid="$(read_pid)"
  if is_our_broker "$pid"; then
    if port_open "$PROBE_HOST" "$PORT"; then
      echo "running: Kafka $(running_version), pid $pid, bootstrap $ADV_HOST:$PORT, state $STATE_DIR"; return 0
    fi
    echo "starting or unhealthy: Kafka $(running_version), pid $pid, $PROBE_HOST:$PORT not accepting connections"; return 1
  fi
  echo "stopped ($STATE_DIR)"; return 3
}

reset() {
  stop
  # Only what this script created; KAFKA_STATE_DIR itself may be a user-chosen directory.
  rm -rf "$DATA_DIR" "$STATE_DIR/tmp" "$STATE_DIR/cluster.id" "$VERSION_FILE"
  log "data deleted ($DATA_DIR); the next start formats a new cluster"
}

logs() {
  [[ -f "$LOG_FILE" ]] || die "no log yet ($LOG_FILE)"
  if [[ -t 1 ]]; then tail -n 200 -F "$LOG_FILE"; else tail -n 200 "$LOG_FILE"; fi
}

case "${1:-}" in
  fetch)   check_java; fetch_jars ;;
  start)   start ;;
  stop)    stop ;;
  status)  status ;;
  restart) stop; start ;;
  reset)   reset ;;
  logs)    logs ;;
  *) echo "usage: $0 {fetch|start|stop|status|restart|reset|logs}   (see the header of this file for the environment)" >&2
     exit 2 ;;
esac
