#!/usr/bin/env bash
# Runs every test: unit and repository tests on SQLite and on a PostgreSQL server this
# script starts on loopback, then the end-to-end specs in Chromium (phone and desktop).
# Installs what it needs first (idempotent; fast the second time).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/ensure-tools.sh --test
source scripts/env.sh

step() { printf '\n\033[1;32m==> %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "PostgreSQL"
LUODI_TEST_POSTGRES_URL=$(scripts/postgres.sh)
export LUODI_TEST_POSTGRES_URL
echo "tests use $LUODI_TEST_POSTGRES_URL"

step "build (debug) with cargo leptos"
cargo leptos build

# The same flags cargo-leptos uses for debug builds, so the tests reuse its artifacts.
export RUSTFLAGS="--cfg erase_components"
step "unit and repository tests (SQLite and PostgreSQL)"
cargo test -p app --features ssr
cargo test -p server

step "several servers on one PostgreSQL database"
scripts/multi-instance-test.sh

step "end-to-end in Chromium"
scripts/e2e.sh

step "all tests passed"
