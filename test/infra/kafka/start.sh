#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft, combined broker+controller) for tests,
# from jars fetched off Maven Central: needs only a JDK 17+, Maven and Node (no Docker).
#
#   test/infra/kafka/start.sh [RUN_DIR]
#
# RUN_DIR: the first argument, else $KAFKA_RUN_DIR, else test/infra/kafka/.run/default.
# It holds everything of one broker:
#   server.properties   generated on the first start (free ports picked then), reused afterwards
#   data/               the log dir (KRaft metadata + topic data)
#   logs/server.log     the broker's log (INFO); logs/broker.out its stdout/stderr (WARN+)
#   broker.pid          the broker's PID (stop.sh kills exactly this process)
#   bootstrap-servers   "127.0.0.1:PORT"
#
# Starting again with an existing RUN_DIR (after stop.sh) restarts the broker on the SAME
# ports and data; if the broker is already running, this only waits for it to be ready.
# The bootstrap address is the LAST line of stdout; all progress goes to stderr.
#
# Environment (all optional):
#   KAFKA_RUN_DIR            run directory when no argument is given
#   KAFKA_READY_TIMEOUT_MS   readiness timeout, default 60000
#   KAFKA_HEAP_OPTS          default "-Xms256m -Xmx768m"
#   KAFKA_JVM_OPTS           default "-XX:TieredStopAtLevel=1 -XX:+UseG1GC ..." (see below)
#   KAFKA_OWNER_PID          if set, a watchdog stops the broker once this process is gone
#                            (so a crashed test run does not leak a broker). Recorded in
#                            RUN_DIR/owner.pid: a restart without it keeps the same owner
#                            while that process lives. Set but empty: no watchdog.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
RUN_DIR_ARG=${1:-${KAFKA_RUN_DIR:-$SCRIPT_DIR/.run/default}}
mkdir -p "$RUN_DIR_ARG"
RUN_DIR=$(cd "$RUN_DIR_ARG" && pwd -P)

TARGET_DIR=$SCRIPT_DIR/target
LIBS_DIR=$TARGET_DIR/kafka-libs
LIBS_STAMP=$TARGET_DIR/kafka-libs.stamp
CONFIG=$RUN_DIR/server.properties
DATA_DIR=$RUN_DIR/data
LOG_DIR=$RUN_DIR/logs
PID_FILE=$RUN_DIR/broker.pid
BOOTSTRAP_FILE=$RUN_DIR/bootstrap-servers
CLUSTER_ID_FILE=$RUN_DIR/cluster-id

READY_TIMEOUT_MS=${KAFKA_READY_TIMEOUT_MS:-60000}
HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}
# Kafka's own KAFKA_JVM_PERFORMANCE_OPTS, plus C1-only JIT (TieredStopAtLevel=1): faster start-up
# and less CPU on a small shared machine, at some cost to peak throughput a test does not need.
JVM_OPTS=${KAFKA_JVM_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
LOG_OPTS=(-Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR")

log() { printf 'kafka/start.sh: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
now_ms() { date +%s%3N; }

for tool in java mvn node; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH (the test broker needs a JDK 17+, Maven and Node)"
done

# Is PID a live broker of THIS run dir? (Guards against a stale pid file and a recycled PID.)
is_our_broker() {
  local pid=$1 args
  args=$(ps -p "$pid" -o args= 2>/dev/null) || return 1
  [[ $args == *kafka.Kafka* && $args == *"$CONFIG"* ]]
}

# --- 1. jars -------------------------------------------------------------------------------
# Re-fetched whenever pom.xml changes (e.g. another Kafka version), so no stale jar lingers.
fetch_libs() {
  local pom_hash
  pom_hash=$(sha256sum "$SCRIPT_DIR/pom.xml" | cut -d' ' -f1)
  if [[ -f $LIBS_STAMP && $(cat "$LIBS_STAMP") == "$pom_hash" && -d $LIBS_DIR ]]; then
    return 0
  fi
  mkdir -p "$TARGET_DIR"
  # Two start.sh at once (two run dirs) must not run Maven into the same target/ together.
  exec 9>"$TARGET_DIR/.fetch.lock"
  if command -v flock >/dev/null 2>&1; then flock 9; fi
  if [[ ! -f $LIBS_STAMP || $(cat "$LIBS_STAMP") != "$pom_hash" || ! -d $LIBS_DIR ]]; then
    log "fetching Kafka jars with Maven into $LIBS_DIR (the first run downloads them into ~/.m2)"
    rm -rf "$LIBS_DIR" "$LIBS_STAMP"
    local t0
    t0=$(now_ms)
    mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" package 1>&2 || die "mvn package failed (see the output above)"
    printf '%s\n' "$pom_hash" >"$LIBS_STAMP"
    log "jars fetched in $(($(now_ms) - t0)) ms"
  fi
  exec 9>&-
}

# Two free TCP ports on 127.0.0.1 (bind port 0, read it back, release).
pick_ports() {
  local ports
  ports=$(pick_ports_node) || die "could not pick free ports"
  [[ $ports =~ ^[0-9]+\ [0-9]+$ ]] || die "could not pick free ports (got '$ports')"
  printf '%s\n' "$ports"
}
pick_ports_node() {
  node -e '
    const net = require("node:net")
    const servers = [net.createServer(), net.createServer()]
    let bound = 0
    for (const s of servers) s.listen(0, "127.0.0.1", () => {
      if (++bound < servers.length) return
      console.log(servers.map((x) => x.address().port).join(" "))
      for (const x of servers) x.close()
    })'
}

write_config() {
  local broker_port=$1 controller_port=$2
  cat >"$CONFIG" <<EOF
# Generated by test/infra/kafka/start.sh; reused on restart (same ports, same data).
# Single node, KRaft combined mode, static controller quorum (formatted without --standalone).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${broker_port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${broker_port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=${DATA_DIR}
num.partitions=1
# Tests create their topics explicitly, as vigil does (event-log creates its topics): a typo
# in a topic name must fail, not silently create a topic.
auto.create.topics.enable=false
# One node: internal topics must have replication factor 1, or the group coordinator never
# becomes available (the kafkajs #1752 symptom).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumer-group tests: no 3 s wait before the first rebalance.
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
# Small segments and indexes: many short-lived test topics should not preallocate much disk.
log.segment.bytes=16777216
log.index.size.max.bytes=1048576
EOF
}

config_value() { sed -n "s/^$1=//p" "$CONFIG" | tail -1; }

bootstrap_from_config() {
  local listeners
  listeners=$(config_value advertised.listeners)
  [[ $listeners =~ PLAINTEXT://([^,]+) ]] || die "cannot read the PLAINTEXT listener from $CONFIG"
  printf '%s\n' "${BASH_REMATCH[1]}"
}

wait_ready() {
  local pid=$1
  node "$SCRIPT_DIR/wait-ready.mjs" --brokers "$(bootstrap_from_config)" --pid "$pid" --timeout-ms "$READY_TIMEOUT_MS"
}

finish() {
  local bootstrap
  bootstrap=$(bootstrap_from_config)
  printf '%s\n' "$bootstrap" >"$BOOTSTRAP_FILE"
  printf '%s\n' "$bootstrap"
}

# --- 0. already running? -------------------------------------------------------------------
if [[ -f $PID_FILE ]]; then
  old_pid=$(cat "$PID_FILE")
  if [[ -f $CONFIG && -n $old_pid ]] && is_our_broker "$old_pid"; then
    log "broker already running (pid $old_pid, $RUN_DIR); waiting until it is ready"
    wait_ready "$old_pid" || die "the running broker (pid $old_pid) is not ready; see $LOG_DIR/server.log"
    finish
    exit 0
  fi
  rm -f "$PID_FILE"
fi

t_start=$(now_ms)
fetch_libs
t_fetched=$(now_ms)
mkdir -p "$DATA_DIR" "$LOG_DIR"

fresh_config=false
if [[ ! -f $CONFIG ]]; then
  ports=$(pick_ports)
  read -r broker_port controller_port <<<"$ports"
  write_config "$broker_port" "$controller_port"
  fresh_config=true
  log "new run dir $RUN_DIR: broker port $broker_port, controller port $controller_port"
else
  log "reusing $CONFIG (restart on the same ports and data)"
fi

CLASSPATH_LIBS="$LIBS_DIR/*"

# --- 2. format storage (once per run dir) ---------------------------------------------------
if [[ ! -f $DATA_DIR/meta.properties ]]; then
  if [[ ! -s $CLUSTER_ID_FILE ]]; then
    # A Kafka cluster id is a random 16-byte UUID in URL-safe base64 without padding, the same
    # as `StorageTool random-uuid` prints; generated here to save a JVM start.
    node -e '
      const { randomBytes } = require("node:crypto")
      let id
      do id = randomBytes(16).toString("base64url"); while (id.startsWith("-"))
      console.log(id)' >"$CLUSTER_ID_FILE"
  fi
  log "formatting $DATA_DIR (cluster id $(cat "$CLUSTER_ID_FILE"))"
  java -Xmx256m -XX:TieredStopAtLevel=1 "${LOG_OPTS[@]}" -cp "$CLASSPATH_LIBS" kafka.tools.StorageTool \
    format --cluster-id "$(cat "$CLUSTER_ID_FILE")" --config "$CONFIG" --ignore-formatted 1>&2 ||
    die "formatting the storage failed"
fi
t_formatted=$(now_ms)

# --- 3. launch and wait ----------------------------------------------------------------------
launch() {
  # setsid: the broker gets its own session, so a Ctrl-C or hang-up aimed at the caller's
  # process group does not kill it half-way; stop.sh (or the watchdog) stops it.
  # shellcheck disable=SC2086 # HEAP_OPTS and JVM_OPTS are word lists on purpose
  setsid java $HEAP_OPTS $JVM_OPTS "${LOG_OPTS[@]}" -cp "$CLASSPATH_LIBS" kafka.Kafka "$CONFIG" \
    >>"$LOG_DIR/broker.out" 2>&1 </dev/null &
  BROKER_PID=$!
  printf '%s\n' "$BROKER_PID" >"$PID_FILE"
}

attempt=1
while true; do
  t_launch=$(now_ms)
  launch
  log "broker pid $BROKER_PID, waiting up to ${READY_TIMEOUT_MS} ms for $(bootstrap_from_config)"
  status=0
  wait_ready "$BROKER_PID" || status=$?
  [[ $status -eq 0 ]] && break
  # A port picked as free can be taken by someone else before the broker binds it: on a fresh
  # run dir, pick new ports and try again (formatting does not depend on the ports).
  if [[ $status -eq 2 && $fresh_config == true && $attempt -lt 3 ]] &&
    grep -q 'Address already in use' "$LOG_DIR/broker.out" "$LOG_DIR/server.log" 2>/dev/null; then
    attempt=$((attempt + 1))
    ports=$(pick_ports)
    read -r broker_port controller_port <<<"$ports"
    write_config "$broker_port" "$controller_port"
    mv "$LOG_DIR/broker.out" "$LOG_DIR/broker.out.port-clash.$attempt"
    log "port clash; retrying with broker port $broker_port, controller port $controller_port"
    continue
  fi
  log "broker did not become ready; last lines of $LOG_DIR/broker.out:"
  tail -n 30 "$LOG_DIR/broker.out" >&2 || true
  "$SCRIPT_DIR/stop.sh" "$RUN_DIR" >&2 || true
  die "the Kafka broker did not start (full log: $LOG_DIR/server.log)"
done
t_ready=$(now_ms)
log "ready: total $((t_ready - t_start)) ms (jars $((t_fetched - t_start)) ms, format $((t_formatted - t_fetched)) ms, launch-to-ready $((t_ready - t_launch)) ms)"

# --- 4. optional watchdog ---------------------------------------------------------------------
OWNER_FILE=$RUN_DIR/owner.pid
owner_pid=
if [[ -v KAFKA_OWNER_PID ]]; then
  owner_pid=$KAFKA_OWNER_PID
elif [[ -s $OWNER_FILE ]] && kill -0 "$(cat "$OWNER_FILE")" 2>/dev/null; then
  owner_pid=$(cat "$OWNER_FILE")
fi
if [[ -n $owner_pid && ! $owner_pid =~ ^[0-9]+$ ]]; then
  die "KAFKA_OWNER_PID must be a process id, got '$owner_pid'"
fi
if [[ -z $owner_pid ]]; then
  rm -f "$OWNER_FILE"
else
  printf '%s\n' "$owner_pid" >"$OWNER_FILE"
  log "watchdog: the broker stops when process $owner_pid exits"
  # Stops the broker when the owner process disappears; exits quietly when the broker stops
  # first (stop.sh, restart). Fully detached so it never holds the caller's stdout open.
  setsid bash -c '
    owner=$1 broker=$2 stop=$3 run_dir=$4 config=$5
    while [[ $(ps -p "$broker" -o args= 2>/dev/null) == *"$config"* ]]; do
      if ! kill -0 "$owner" 2>/dev/null; then
        echo "watchdog: owner $owner is gone, stopping broker $broker"
        exec "$stop" "$run_dir"
      fi
      sleep 2
    done' kafka-watchdog "$owner_pid" "$BROKER_PID" "$SCRIPT_DIR/stop.sh" "$RUN_DIR" "$CONFIG" \
    >>"$LOG_DIR/watchdog.out" 2>&1 </dev/null &
fi

finish
