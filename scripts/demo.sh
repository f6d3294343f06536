#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, starts the local stack and every hub service,
# sends sample exchanges through the hub, and prints where to look. `npm run down` stops it all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export HUB_STACK_PROFILE="${HUB_STACK_PROFILE:-demo}"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
bash scripts/ensure-deps.sh
step "build"
npm run -s build
step "local stack (Kafka, PostgreSQL, SMTP sink) — profile $HUB_STACK_PROFILE"
infra/bin/stack up
set -a
# shellcheck disable=SC1090
source <(infra/bin/stack env)
set +a
step "database migrations and topics"
node dist/apps/cli/src/main.js db migrate
node dist/apps/cli/src/main.js topics create
step "hub services"
infra/bin/hub-services up
step "sample exchanges"
for sample in demo/samples/*.json; do
  node dist/apps/cli/src/main.js publish --file "$sample" --new-id
done
node scripts/wait-for-demo.js "$(infra/bin/hub-services env monitor | grep MONITOR_HTTP_PORT | cut -d= -f2)"
step "the hub is running"
infra/bin/hub-services urls
echo
echo "Stop everything with: npm run down"
