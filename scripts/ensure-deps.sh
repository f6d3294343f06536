#!/usr/bin/env bash
# Installs the npm packages from the committed lockfile when they are missing or out of date, so the
# quick-start commands work on a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v node >/dev/null || { echo "node is missing: install Node.js 20 or newer" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: install npm (it comes with Node.js)" >&2; exit 1; }
# A patch changed since the install cannot be applied over the old one: reinstall then too.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]] ||
  [[ -n "$(find patches -name '*.patch' -newer node_modules/.package-lock.json)" ]]; then
  echo "deps: installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
# The patches of patches/ are also applied when node_modules was already there (postinstall covers
# npm ci); patches already applied are skipped.
node scripts/apply-patches.js
