#!/usr/bin/env bash
# Writes .br and .gz beside each JS, WASM and CSS file so they are served compressed
# without compressing on every request.
set -euo pipefail
dir=${1:-target/site/pkg}
for f in "$dir"/*.js "$dir"/*.wasm "$dir"/*.css; do
  [ -f "$f" ] || continue
  brotli -f -q 11 -o "$f.br" "$f"
  gzip -f -k -9 "$f"
done
