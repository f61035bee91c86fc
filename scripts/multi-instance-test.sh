#!/usr/bin/env bash
# Two `luodi serve` processes on one PostgreSQL database behave as one service: a
# session started on one is valid on the other, and sign-out on one ends it on both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
url=${LUODI_TEST_POSTGRES_URL:?run scripts/postgres.sh first}
work=$(mktemp -d)
bin="$CARGO_TARGET_DIR/debug/luodi"
DATABASE_URL="$url" "$bin" seed-demo >/dev/null
DATABASE_URL="$url" "$bin" serve --listen 127.0.0.1:3201 >"$work/a.log" 2>&1 & a=$!
DATABASE_URL="$url" "$bin" serve --listen 127.0.0.1:3202 >"$work/b.log" 2>&1 & b=$!
trap 'kill $a $b 2>/dev/null || true; wait $a $b 2>/dev/null || true' EXIT
for port in 3201 3202; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done
fail() { echo "FAIL: $*"; tail -n 20 "$work/a.log" "$work/b.log"; exit 1; }
health=$(curl -sf http://127.0.0.1:3201/healthz)
grep -q '"database":"postgres"' <<<"$health" || fail "healthz does not report postgres"
# Sign in on A (a plain form post, as a browser without JavaScript would).
curl -s -o /dev/null -c "$work/jar" -H 'Accept: text/html' -H 'Origin: http://127.0.0.1:3201' \
  --data-urlencode account=00031 --data-urlencode password=Luodi2026 http://127.0.0.1:3201/auth/sign-in
grep -q luodi_session "$work/jar" || fail "no session cookie from A"
# The session works on B.
# The page is read whole before it is searched: `curl | grep -q` fails under pipefail
# when grep stops reading at the first match while curl is still writing.
curl -s -b "$work/jar" -H "Accept: text/html" -o "$work/me.html" http://127.0.0.1:3202/me
grep -q '赵丽' "$work/me.html" || fail "B does not know the session started on A"
# Sign out on B; A no longer accepts the session.
curl -s -o /dev/null -b "$work/jar" -H 'Accept: text/html' -H 'Origin: http://127.0.0.1:3202' -X POST http://127.0.0.1:3202/auth/sign-out
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/jar" -H 'Accept: text/html' http://127.0.0.1:3201/me)
[ "$code" = "302" ] || fail "A still serves /me after sign-out on B (HTTP $code)"
echo "multi-instance: session shared across two servers on PostgreSQL, sign-out effective on both"
