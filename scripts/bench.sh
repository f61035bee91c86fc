#!/usr/bin/env bash
# Benchmarks, on loopback and bounded in time: a bare axum baseline against Luodi's
# workbench page and sign-in (release builds, the demo data on a fresh SQLite file and on
# a fresh PostgreSQL database), with
# throughput, p50/p99 latency and the ratio to the baseline; then the size of the
# hydrate WASM, JS and CSS, raw and brotli-compressed. Prints figures; asserts nothing.
# Usage: scripts/bench.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
scripts/ensure-tools.sh
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
source scripts/env.sh
cargo leptos build --release --split
cargo build --release -p server --example bare_axum
scripts/precompress.sh target/site/pkg

work=$(mktemp -d)
"$CARGO_TARGET_DIR/release/luodi" --data-dir "$work" serve --seed-demo --listen 127.0.0.1:3300 >"$work/luodi.log" 2>&1 & luodi=$!
"$CARGO_TARGET_DIR/release/examples/bare_axum" 127.0.0.1:3301 & bare=$!
trap 'kill $luodi $bare 2>/dev/null || true' EXIT
# The same release on PostgreSQL (a fresh database on loopback, started by the script).
pg_url=$(scripts/postgres.sh)
DATABASE_URL="$pg_url" "$CARGO_TARGET_DIR/release/luodi" --data-dir "$work/pg" \
  serve --seed-demo --listen 127.0.0.1:3302 >"$work/luodi-pg.log" 2>&1 & luodi_pg=$!
trap 'kill $luodi $bare $luodi_pg 2>/dev/null || true' EXIT
for port in 3300 3301 3302; do
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/" -o /dev/null -H 'Accept: text/html' && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/" -o /dev/null -H 'Accept: text/html' \
    || { echo "nothing answers on port $port; logs in $work"; exit 1; }
done

# sign_in PORT -> the session cookie of demo employee 00031 (or $account) on that server
sign_in() {
  curl -sf -o /dev/null -c "$work/jar-$1" -H 'Accept: text/html' -H "Origin: http://127.0.0.1:$1" \
    --data-urlencode account="${account:-00031}" --data-urlencode password=Luodi2026 "http://127.0.0.1:$1/auth/sign-in" \
    || return 1
  awk '$6 == "luodi_session" {print $7}' "$work/jar-$1"
}
session=$(sign_in 3300)
session_pg=$(sign_in 3302)
supervisor=$(account=00029 sign_in 3300)
[ -n "$session" ] && [ -n "$session_pg" ] && [ -n "$supervisor" ] || { echo "could not sign in"; exit 1; }

for port in 3300 3302; do
  cat > "$work/signin-$port.lua" <<LUA
wrk.method = "POST"
wrk.body   = "account=00031&password=Luodi2026"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "text/html"
wrk.headers["Origin"] = "http://127.0.0.1:$port"
LUA
done

# run NAME CONNECTIONS URL [wrk args…] -> "rps p50_ms p99_ms"
run() {
  local name=$1 conns=$2 url=$3; shift 3
  local out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" "$url")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$out")
  echo "$name|$rps|$p50|$p99|${non2xx:-0}"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/, "", v); printf "%.2f", v/1000 } else if (v ~ /ms$/) { sub(/ms/, "", v); printf "%.2f", v } else { sub(/s/, "", v); printf "%.2f", v*1000 } }'; }

echo "running ${secs}s per measurement on $(nproc) cores…"
results=()
results+=("$(run "bare axum baseline (GET /)" 16 http://127.0.0.1:3301/)")
# The cheapest server-rendered page (no session, no database): what rendering alone costs.
results+=("$(run "sign-in page, no database (GET)" 16 http://127.0.0.1:3300/sign-in -H 'Accept: text/html')")
results+=("$(run "workbench, SQLite (GET /, signed in)" 16 http://127.0.0.1:3300/ -H "Cookie: luodi_session=$session" -H 'Accept: text/html')")
# As a browser asks for it: compressed on the fly.
results+=("$(run "workbench, SQLite, compressed (gzip)" 16 http://127.0.0.1:3300/ -H "Cookie: luodi_session=$session" -H 'Accept: text/html' -H 'Accept-Encoding: br, gzip')")
results+=("$(run "workbench, PostgreSQL" 16 http://127.0.0.1:3302/ -H "Cookie: luodi_session=$session_pg" -H 'Accept: text/html')")
results+=("$(run "bare axum + sqlx, one row (GET /row)" 16 http://127.0.0.1:3301/row)")
results+=("$(run "to-do inbox JSON, SQLite (supervisor)" 16 http://127.0.0.1:3300/api/v1/approvals/tasks -H "Cookie: luodi_session=$supervisor")")
results+=("$(run "sign-in, SQLite (POST, Argon2id)" 4 http://127.0.0.1:3300/auth/sign-in -s "$work/signin-3300.lua")")
results+=("$(run "sign-in, PostgreSQL" 4 http://127.0.0.1:3302/auth/sign-in -s "$work/signin-3302.lua")")
base_rps=$(cut -d'|' -f2 <<<"${results[0]}")
printf '\n%-40s %12s %10s %10s %9s %8s\n' "measurement" "req/s" "p50 ms" "p99 ms" "vs base" "errors"
for r in "${results[@]}"; do
  IFS='|' read -r name rps p50 p99 errors <<<"$r"
  ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.1f%%", 100*a/b }')
  printf '%-40s %12s %10s %10s %9s %8s\n' "$name" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$ratio" "$errors"
done
echo "target: workbench >= 10% of the baseline's requests per second"
row_rps=$(grep -F "bare axum + sqlx" <<<"$(printf '%s\n' "${results[@]}")" | cut -d'|' -f2)
inbox_rps=$(grep -F "to-do inbox JSON" <<<"$(printf '%s\n' "${results[@]}")" | cut -d'|' -f2)
awk -v a="$inbox_rps" -v b="$row_rps" 'BEGIN { printf "to-do inbox JSON: %.1f%% of bare axum + sqlx one-row lookup (target >= 25%%)\n", 100*a/b }'

echo
printf '%-28s %12s %12s\n' "asset (release)" "raw bytes" "brotli bytes"
for f in target/site/pkg/luodi.wasm target/site/pkg/luodi.js target/site/pkg/luodi.css; do
  printf '%-28s %12s %12s\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(stat -c %s "$f.br")"
done
node scripts/check-wasm-split.mjs
wasm_br=$(stat -c %s target/site/pkg/luodi.wasm.br)
echo "target: first WASM download <= 250 KB brotli (now $(( wasm_br / 1024 )) KB)"
