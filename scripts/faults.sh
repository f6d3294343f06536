#!/usr/bin/env bash
# npm run faults: the fault matrix (faults/README.md). Installs what is missing, builds, brings up a
# FRESH stack of the three-node "faults" profile (its Kafka and PostgreSQL data emptied first), creates
# the topics (replication factor 3, min.insync.replicas 2, from the profile's broker settings), starts
# every hub service and runs faults/run.ts: each fault on the running hub under the simulator's workload.
# Settings: FAULTS_MESSAGES (100000 per fault), FAULTS_ONLY (rows, comma-separated, e.g.
# postgres-stop,router-kill), FAULTS_RATE (300 msg/s), FAULTS_POSTGRES_DOWN_S (60), FAULTS_SMTP_DOWN_S
# (300), FAULTS_PARTNER_DOWN_S (600). FAULTS_PROFILE picks another three-node profile (default faults).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export HUB_STACK_PROFILE="${FAULTS_PROFILE:-faults}"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies and build"
bash scripts/ensure-deps.sh
npm run -s build
step "fresh stack, profile $HUB_STACK_PROFILE"
infra/bin/hub-services down >/dev/null 2>&1 || true
infra/bin/stack down
rm -rf ".stack/$HUB_STACK_PROFILE"/kafka* ".stack/$HUB_STACK_PROFILE/postgres" ".stack/$HUB_STACK_PROFILE/smtp"
infra/bin/stack up
set -a
# shellcheck disable=SC1090
source <(infra/bin/stack env)
set +a
[[ "$HUB_KAFKA_NODES" == 3 ]] || { echo "faults: profile $HUB_STACK_PROFILE runs $HUB_KAFKA_NODES Kafka node(s); the matrix needs HUB_KAFKA_NODES=3" >&2; exit 1; }
node dist/apps/cli/src/main.js db migrate
node dist/apps/cli/src/main.js topics create
step "hub services"
# For every service started here and by the matrix (which restarts some): the simulated partners only
# receive (their answers would add messages the audit does not follow) and keep every document a row
# brings; no retention round purges an exchange of the workload (dated 2025) while it is counted.
export SIMULATOR_ANSWERS=false SIMULATOR_INBOX_LIMIT=1000000 MONITOR_RETENTION_INTERVAL_MS=86400000
export HUB_SERVICE_TIMEOUT=180
infra/bin/hub-services up
step "fault matrix"
status=0
node dist/faults/run.js || status=$?
step "stopping the services and the stack"
infra/bin/hub-services down >/dev/null 2>&1 || true
infra/bin/stack down
exit "$status"
