#!/usr/bin/env bash
# Instructions per request, counted by Valgrind's callgrind: the bare axum baseline, the
# sign-in page and the signed-in workbench. Unlike requests per second on a shared
# 2-core machine (±15 % between runs), the counts repeat to within a fraction of a
# percent, so they show what a change to the server does. They count user-space work
# only (not the kernel's socket writes). Prints; asserts nothing.
#
# Usage: scripts/count-instructions.sh [PROFILE] [REQUESTS]
#   PROFILE   the cargo profile whose `luodi` to count: release (default) or profiling
#             (`cargo build --profile profiling -p server --bin luodi`: no LTO, builds
#             in minutes; compare a change with a baseline built the same way)
#   REQUESTS  requests counted per page (default 100, after 50 uncounted)
# LUODI_BIN=path counts that binary instead (a copy of an earlier build, say).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
requests=${2:-100}
source scripts/env.sh
command -v valgrind >/dev/null || {
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
  $sudo_cmd apt-get install -y -qq valgrind >/dev/null
}
luodi="${LUODI_BIN:-$CARGO_TARGET_DIR/$profile/luodi}"
bare="$CARGO_TARGET_DIR/release/examples/bare_axum"
[ -x "$luodi" ] || { echo "no $luodi: build it first"; exit 1; }
[ -x "$bare" ] || cargo build --release -p server --example bare_axum

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

wait_for() { # URL
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "nothing answers at $1; logs in $work"; exit 1
}

# GET PORT PATH COUNT [SESSION]: COUNT requests on one kept-alive connection.
get() {
  python3 - "$@" <<'PY'
import http.client, sys
port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
headers = {"Accept": "text/html"}
if len(sys.argv) > 4:
    headers["Cookie"] = "luodi_session=" + sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(count):
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{path}: HTTP {response.status}")
PY
}

# count NAME PID PORT PATH [SESSION]: instructions per request of the server that
# callgrind runs as PID on PORT, for PATH.
count() {
  local name=$1 pid=$2 port=$3 path=$4 session=${5:-}
  get "$port" "$path" 50 $session
  callgrind_control -z "$pid" >/dev/null 2>&1
  callgrind_control -i on "$pid" >/dev/null 2>&1
  get "$port" "$path" "$requests" $session
  callgrind_control -i off "$pid" >/dev/null 2>&1
  callgrind_control -d "$name" "$pid" >/dev/null 2>&1
  local dump total
  dump=$(grep -l "^desc: Trigger: dump $name\$" "$work"/cg-"$port".* | head -n1)
  total=$(awk '/^totals:/ {print $2}' "$dump")
  echo "$name|$(( total / requests ))"
}

# The demo data and a session, made at full speed first.
"$luodi" --data-dir "$work/db" serve --seed-demo --listen 127.0.0.1:3320 >"$work/seed.log" 2>&1 & pids+=($!)
wait_for http://127.0.0.1:3320/healthz
curl -sf -o /dev/null -c "$work/jar" -H 'Accept: text/html' -H 'Origin: http://127.0.0.1:3320' \
  --data-urlencode account=00031 --data-urlencode password=Luodi2026 http://127.0.0.1:3320/auth/sign-in
session=$(awk '$6 == "luodi_session" {print $7}' "$work/jar")
kill "${pids[@]}"; wait 2>/dev/null || true; pids=()

echo "counting $requests requests per page under callgrind (profile $profile)…"
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/cg-3321.%p" \
  "$bare" 127.0.0.1:3321 >"$work/bare.log" 2>&1 & pids+=($!)
wait_for http://127.0.0.1:3321/
results=("$(count baseline "${pids[0]}" 3321 /)")
kill "${pids[@]}"; wait 2>/dev/null || true; pids=()
(cd "$work" && exec valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/cg-3322.%p" \
  "$luodi" --data-dir "$work/db" serve --listen 127.0.0.1:3322 >"$work/luodi.log" 2>&1) & pids+=($!)
wait_for http://127.0.0.1:3322/healthz
results+=("$(count sign-in "${pids[0]}" 3322 /sign-in)")
results+=("$(count workbench "${pids[0]}" 3322 / "$session")")

base=$(cut -d'|' -f2 <<<"${results[0]}")
printf '\n%-28s %22s %10s\n' "page" "instructions/request" "vs base"
for r in "${results[@]}"; do
  IFS='|' read -r name n <<<"$r"
  printf '%-28s %22s %9sx\n' "$name" "$n" "$(awk -v a="$n" -v b="$base" 'BEGIN { printf "%.1f", a/b }')"
done
