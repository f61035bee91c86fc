#!/usr/bin/env bash
# The exam load benchmark on loopback, bounded in time: 2,000 examinees saving answers
# with think times of 0.5–1.5 s and 5% of requests cut off mid-flight, first with the
# server running throughout, then with it killed (SIGKILL) and restarted halfway.
# Prints saves per second, p50/p99/p99.9 latency against a /healthz baseline under the
# same load, and the audit of the database (confirmed answers missing, duplicates).
# Usage: scripts/bench-exam.sh [examinees, default 2000] [seconds per run, default 120]
set -euo pipefail
cd "$(dirname "$0")/.."
examinees=${1:-2000}
secs=${2:-120}
scripts/ensure-tools.sh
source scripts/env.sh
unset RUSTFLAGS
cargo build --release -p server --bin luodi --example exam_load
ulimit -n 65536 2>/dev/null || true
echo "== without a kill =="
"$CARGO_TARGET_DIR/release/examples/exam_load" "$CARGO_TARGET_DIR/release/luodi" "$examinees" "$secs" 0 5
echo "== killed with SIGKILL halfway, restarted =="
"$CARGO_TARGET_DIR/release/examples/exam_load" "$CARGO_TARGET_DIR/release/luodi" "$examinees" "$secs" 1 5
