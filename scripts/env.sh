# Sourced by the scripts: one warm target directory outside the clone, and the
# environment cargo-leptos gives its builds, so plain cargo commands reuse its work.
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${LUODI_TARGET_DIR:-$HOME/.cache/luodi-target}"
export LEPTOS_OUTPUT_NAME=luodi
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg
