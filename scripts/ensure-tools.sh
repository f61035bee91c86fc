#!/usr/bin/env bash
# Installs what building and testing Luodi needs, only when it is missing.
# Idempotent: a second run only checks versions. Usage: scripts/ensure-tools.sh [--test]
#   --test  also installs what the test command needs (PostgreSQL, Chromium, Playwright).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

CARGO_LEPTOS_VERSION=0.3.11
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' "$here/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p' | head -n1)
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1;34m[tools]\033[0m %s\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# wasm32 target for the hydrate build
if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt: the test command checks formatting.
if ! cargo fmt --version >/dev/null 2>&1; then
  log "rustup component add rustfmt"
  rustup component add rustfmt
fi

# System packages: brotli for precompressed assets, Node for Tailwind, wasm-opt and Playwright.
apt_install brotli
command -v npm >/dev/null || apt_install nodejs npm

# cargo-leptos: its published lockfile needs a newer rustc; patch one crate and install.
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 14 minutes on 2 cores)"
  src=$(ls -d "$HOME"/.cargo/registry/src/*/cargo-leptos-$CARGO_LEPTOS_VERSION 2>/dev/null | head -n1 || true)
  if [ -z "$src" ]; then
    # The plain install unpacks the source, then stops on the rustc version check.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked >/dev/null 2>&1 || true
    src=$(ls -d "$HOME"/.cargo/registry/src/*/cargo-leptos-$CARGO_LEPTOS_VERSION | head -n1)
  fi
  work=$(mktemp -d)
  cp -r "$src" "$work/cargo-leptos"
  rm -f "$work/cargo-leptos/rust-toolchain.toml"
  (cd "$work/cargo-leptos" && cargo update -p cargo-util-schemas --precise 0.14.1 && cargo install --path . --locked)
  rm -rf "$work"
fi

# wasm-bindgen-cli at exactly the library's version.
if [ -n "$WASM_BINDGEN_VERSION" ] && ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm packages (Tailwind CLI, Playwright test runner) from package-lock.json.
if [ ! -x "$here/node_modules/.bin/tailwindcss" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  # `npm install` rather than `npm ci`: npm drops other platforms' optional packages from
  # the lock file, which `npm ci` then refuses. It still installs the locked versions.
  log "npm install"
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi

if [ $want_test -eq 1 ]; then
  apt_install postgresql chromium fonts-noto-cjk libxml2-utils python3-aiosmtpd
  # The OMG BPMN 2.0 schema (BPMN20.xsd and the files it includes), to validate the
  # flow export; it ships inside the SpiffWorkflow package.
  xsd_dir="$HOME/.cache/luodi-tools/bpmn20"
  if [ ! -f "$xsd_dir/BPMN20.xsd" ]; then
    log "fetching the BPMN 2.0 XML schema"
    python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
    tmp=$(mktemp -d)
    python3 -m pip download --quiet --no-deps --dest "$tmp" "SpiffWorkflow==3.2.0"
    mkdir -p "$xsd_dir"
    python3 - "$tmp" "$xsd_dir" <<'PY'
import glob, os, sys, zipfile
wheel = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith("SpiffWorkflow/bpmn/parser/schema/") and name.endswith(".xsd"):
            with open(os.path.join(sys.argv[2], os.path.basename(name)), "wb") as f:
                f.write(z.read(name))
PY
    rm -rf "$tmp"
  fi
fi
log "tools ready"
