#!/usr/bin/env bash
# The adoption board at scale, on SQLite and on PostgreSQL: 10,000 employees and a year
# of activity events (about 20 million) generated into a fresh database, read into the
# rollups, then every dashboard figure and the whole requests timed against the same
# figure counted from the raw events. Takes a while (the generation dominates) and
# several GB of disk; everything it creates is removed afterwards.
# Usage: scripts/bench-adoption.sh [employees, default 10000] [days, default 365]
set -euo pipefail
cd "$(dirname "$0")/.."
employees=${1:-10000}
days=${2:-365}
scripts/ensure-tools.sh
source scripts/env.sh
unset RUSTFLAGS
cargo build --release -p server --example adoption_load
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$CARGO_TARGET_DIR/release/examples/adoption_load" "sqlite://$work/bench.db" "$employees" "$days"
rm -f "$work"/bench.db*
"$CARGO_TARGET_DIR/release/examples/adoption_load" "$(scripts/postgres.sh)" "$employees" "$days"
