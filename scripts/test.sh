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

step "formatting (rustfmt)"
cargo fmt --all -- --check

step "PostgreSQL"
LUODI_TEST_POSTGRES_URL=$(scripts/postgres.sh)
export LUODI_TEST_POSTGRES_URL
echo "tests use $LUODI_TEST_POSTGRES_URL"

step "build (debug) with cargo leptos"
cargo leptos build --split

# Tests compile with the flags of .cargo/config.toml, like the build above, so they
# reuse its artifacts.
unset RUSTFLAGS
step "unit and repository tests (SQLite and PostgreSQL)"
export LUODI_BPMN_XSD="$HOME/.cache/luodi-tools/bpmn20/BPMN20.xsd"
# A real SMTP server on loopback (writing to a maildir) for the notification mails.
LUODI_TEST_MAILDIR="$(mktemp -d)/maildir"
smtp_port=$((20000 + RANDOM % 20000))
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$LUODI_TEST_MAILDIR" &
smtp_pid=$!
trap 'kill $smtp_pid 2>/dev/null || true' EXIT
export LUODI_TEST_MAILDIR LUODI_TEST_SMTP_URL="smtp://127.0.0.1:$smtp_port"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break; sleep 0.1; done
# Tests that need what this script starts (the SMTP server, the BPMN schema) are
# #[ignore]d for a plain `cargo test`; here they run, and fail if it is missing.
cargo test -p app --features ssr -- --include-ignored
cargo test -p server -- --include-ignored

step "several servers on one PostgreSQL database"
scripts/multi-instance-test.sh

step "end-to-end in Chromium (debug build, phone and desktop)"
scripts/e2e.sh

# The release build is what scripts/start.sh serves: its WASM is optimised differently
# (wasm-opt, LTO), so check that it hydrates too.
step "end-to-end in Chromium (release build, phone)"
cargo leptos build --release --split
scripts/precompress.sh target/site/pkg
node scripts/check-wasm-split.mjs
LUODI_E2E_BIN="$CARGO_TARGET_DIR/release/luodi" scripts/e2e.sh --project phone

step "all tests passed"
