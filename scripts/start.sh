#!/usr/bin/env bash
# Builds Luodi (release) and starts it on an embedded SQLite file with the demo hospital
# at http://127.0.0.1:3000. Installs what it needs first (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
source scripts/env.sh
cargo leptos build --release --split
scripts/precompress.sh target/site/pkg
exec "$CARGO_TARGET_DIR/release/luodi" serve --seed-demo "$@"
