#!/usr/bin/env bash
# Stops what the demo started: the hub services, then the local stack (data is kept in .stack/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
infra/bin/hub-services down
infra/bin/stack down
