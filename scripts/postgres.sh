#!/usr/bin/env bash
# Starts the machine's PostgreSQL on loopback (installing it if needed) and gives the
# tests a fresh empty database `luodi_test` owned by role `luodi` (password `luodi`).
# Prints the database URL. Idempotent.
set -euo pipefail
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "installing postgresql" >&2
  as_root apt-get update -qq >&2 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -n1)
if ! pg_lsclusters -h | grep -q "^$version *main"; then
  as_root pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  # stdout goes to stderr: callers capture stdout as the URL, and pg_ctlcluster says
  # things there ("Removed stale pid file." after a reboot).
  as_root pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.2
done
if ! as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'luodi'" | grep -q 1; then
  as_postgres psql -p "$port" -qc "CREATE ROLE luodi LOGIN PASSWORD 'luodi' CREATEDB" >/dev/null
fi
as_postgres dropdb -p "$port" --if-exists luodi_test
as_postgres createdb -p "$port" -O luodi luodi_test
echo "postgres://luodi:luodi@127.0.0.1:$port/luodi_test"
