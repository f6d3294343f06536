#!/usr/bin/env bash
# npm run bench: installs what is missing, builds, brings up a FRESH "bench" stack (own ports and
# data, emptied first so every run starts from the same state) and runs bench/run.ts.
# Settings: BENCH_MESSAGES (200000), BENCH_LATENCY_RATES (500,1000,2000; empty for none),
# BENCH_LATENCY_SECONDS (10). `bash scripts/bench.sh latency` (npm run bench:latency) runs only the
# latency steps (bench/latency-only.ts; BENCH_LATENCY_MONITOR=0 leaves the monitor out).
# `bash scripts/bench.sh mail` (npm run bench:mail) measures the notifier's outbox into the SMTP
# sink (bench/mail.ts; BENCH_MAILS, BENCH_MAIL_CONNECTIONS).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export HUB_STACK_PROFILE=bench

step() { printf '\n==> %s\n' "$*"; }

step "dependencies and build"
bash scripts/ensure-deps.sh
npm run -s build
step "fresh bench stack"
infra/bin/hub-services down >/dev/null 2>&1 || true
infra/bin/stack down
rm -rf .stack/bench/kafka .stack/bench/postgres
infra/bin/stack up
set -a
# shellcheck disable=SC1090
source <(infra/bin/stack env)
set +a
export BENCH_KAFKA_LIBS="${HUB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hub}/kafka-3.9.2"
node dist/apps/cli/src/main.js db migrate
node dist/apps/cli/src/main.js topics create
if [[ "${1:-}" == "latency" ]]; then
  step "benchmark: latency only"
  node dist/bench/latency-only.js
elif [[ "${1:-}" == "mail" ]]; then
  step "benchmark: the notifier's outbox to SMTP"
  node dist/bench/mail.js
else
  step "benchmark"
  node dist/bench/run.js
fi
