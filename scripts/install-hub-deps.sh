#!/usr/bin/env bash
# Install what the JupyterHub tests need besides Python packages: configurable-http-proxy from npm, into
# the project's own node_modules (never global). `make hub-deps` runs it; tests find
# node_modules/.bin/configurable-http-proxy. PostgreSQL (for the storage test) comes from the system:
# Debian/Ubuntu `apt-get install -y postgresql`; the test starts and stops its own throwaway server.
set -euo pipefail
cd "$(dirname "$0")/.."
CHP_VERSION="${CHP_VERSION:-5.3.0}"
if ! command -v npm >/dev/null 2>&1; then
  echo "install-hub-deps: npm is missing: install Node.js 18+ (Debian: apt-get install -y nodejs npm); the hub tests will skip" >&2
  # CI sets COURSE_REQUIRE_HUB=1: there a missing proxy is a failure, not a skip
  [ "${COURSE_REQUIRE_HUB:-0}" = "1" ] && exit 1
  exit 0
fi
if [ -x node_modules/.bin/configurable-http-proxy ] \
  && node_modules/.bin/configurable-http-proxy --version 2>/dev/null | grep -qx "$CHP_VERSION"; then
  exit 0
fi
npm install --no-save --no-audit --no-fund --prefix . "configurable-http-proxy@${CHP_VERSION}"
node_modules/.bin/configurable-http-proxy --version
