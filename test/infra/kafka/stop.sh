#!/usr/bin/env bash
# Stops the test broker of one run dir: SIGTERM (controlled shutdown), then SIGKILL after a
# timeout. Kills only the PID recorded in RUN_DIR/broker.pid, and only if that process is
# still the kafka.Kafka of this run dir. Safe to call twice, or when nothing runs.
#
#   test/infra/kafka/stop.sh [RUN_DIR]
#
# RUN_DIR: the first argument, else $KAFKA_RUN_DIR, else test/infra/kafka/.run/default.
# KAFKA_STOP_TIMEOUT_S: seconds to wait after SIGTERM before SIGKILL, default 30.
# Data and server.properties are kept, so start.sh RUN_DIR restarts on the same ports.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
RUN_DIR_ARG=${1:-${KAFKA_RUN_DIR:-$SCRIPT_DIR/.run/default}}
log() { printf 'kafka/stop.sh: %s\n' "$*" >&2; }

if [[ ! -d $RUN_DIR_ARG ]]; then
  log "no run dir $RUN_DIR_ARG: nothing to stop"
  exit 0
fi
RUN_DIR=$(cd "$RUN_DIR_ARG" && pwd -P)
PID_FILE=$RUN_DIR/broker.pid
CONFIG=$RUN_DIR/server.properties
TIMEOUT_S=${KAFKA_STOP_TIMEOUT_S:-30}

if [[ ! -f $PID_FILE ]]; then
  log "no broker.pid in $RUN_DIR: nothing to stop"
  exit 0
fi
pid=$(cat "$PID_FILE")

is_our_broker() {
  local args
  args=$(ps -p "$pid" -o args= 2>/dev/null) || return 1
  [[ $args == *kafka.Kafka* && $args == *"$CONFIG"* ]]
}

if [[ ! $pid =~ ^[0-9]+$ ]] || ! is_our_broker; then
  log "broker pid '$pid' of $RUN_DIR is not running"
  rm -f "$PID_FILE"
  exit 0
fi

start_s=$SECONDS
kill -TERM "$pid" 2>/dev/null || true
while is_our_broker; do
  if ((SECONDS - start_s >= TIMEOUT_S)); then
    log "broker pid $pid still running ${TIMEOUT_S}s after SIGTERM: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      is_our_broker || break
      sleep 0.1
    done
    break
  fi
  sleep 0.2
done
if is_our_broker; then
  log "ERROR: broker pid $pid survived SIGKILL"
  exit 1
fi
rm -f "$PID_FILE"
log "stopped broker pid $pid ($RUN_DIR) in $((SECONDS - start_s))s"
