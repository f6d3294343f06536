#!/usr/bin/env bash
# Quick start, command 2: the whole test suite on the real services. Installs what is missing,
# checks types, lint and generated contracts, builds, brings up the "test" profile of the local
# stack (own ports and data, so it runs beside the demo), then runs unit, integration and
# end-to-end tests. In CI (CI=true) the stack is stopped again at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# HUB_TEST_PROFILE picks another stack profile (its own ports and data), e.g. to run two suites at once.
export HUB_STACK_PROFILE="${HUB_TEST_PROFILE:-test}"
export HUB_TEST_PROFILE="$HUB_STACK_PROFILE"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
bash scripts/ensure-deps.sh
# The dashboard's end-to-end test drives Debian's chromium headless (playwright-core, no downloaded browser).
if [[ ! -x /usr/bin/chromium ]]; then
  echo "chromium: /usr/bin/chromium is missing; the dashboard test (test/e2e/monitor-dashboard.e2e-spec.ts) needs it."
  echo "chromium: installing Debian's chromium with apt-get"
  sudo_cmd=()
  [[ $EUID -eq 0 ]] || sudo_cmd=(sudo)
  if ! { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq chromium; }; then
    echo "chromium: could not install it; run 'sudo apt-get install chromium' and start the tests again" >&2
    exit 1
  fi
fi
step "types, lint, formatting, generated contracts"
npm run -s check
npm run -s lint
npm run -s format:check
npm run -s contracts:check
step "build"
npm run -s build
step "local stack, profile $HUB_STACK_PROFILE"
if [[ "${CI:-}" == "true" ]]; then
  trap 'infra/bin/hub-services down >/dev/null 2>&1 || true; infra/bin/stack down || true' EXIT
fi
infra/bin/stack up
set -a
# shellcheck disable=SC1090
source <(infra/bin/stack env)
set +a
node dist/apps/cli/src/main.js db migrate
node dist/apps/cli/src/main.js topics create
step "tests"
npx jest --runInBand "$@"
