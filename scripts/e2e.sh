#!/usr/bin/env bash
# Starts the debug build on a fresh SQLite file with the demo hospital and runs the
# Playwright specs in Debian's Chromium against it; stops the server afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
port=${LUODI_E2E_PORT:-3100}
work=$(mktemp -d)
"${LUODI_E2E_BIN:-$CARGO_TARGET_DIR/debug/luodi}" --data-dir "$work" serve --seed-demo --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
export LUODI_BASE_URL="http://127.0.0.1:$port"
status=0
npx playwright test --config end2end/playwright.config.ts "$@" || status=$?
if [ $status -ne 0 ]; then
  echo "---- server log ----"; tail -n 60 "$work/server.log"
fi
exit $status
