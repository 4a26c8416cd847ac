#!/usr/bin/env bash
# Installs what building and testing need, idempotently: the wasm target, wasm-bindgen-cli at
# the exact version Cargo.lock pins, npm packages, and Debian's Chromium for browser tests.
# Usage: scripts/setup.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."

echo "setup: checking the build tools (Rust wasm target, wasm-bindgen, npm packages)..."
if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (about two minutes)…"
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
  echo "setup: installing npm packages (npm install)..."
  npm install --no-audit --no-fund
  touch node_modules
fi

# Browser tests: Chromium, and CJK fonts so that the screenshots they take for the README
# (docs/screenshots/) show Chinese text rather than boxes.
if [ "${1:-}" = "--browser" ]; then
  need=""
  [ -x /usr/bin/chromium ] || need="chromium chromium-driver"
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need="$need fonts-noto-cjk"
  if [ -n "$need" ]; then
    echo "setup: installing$need (Debian packages)..."
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  fi
fi
echo "setup: tools and packages are in place."
