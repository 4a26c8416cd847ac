#!/usr/bin/env bash
# Builds the core to WebAssembly: dist/pkg/nianbao.js + nianbao_bg.wasm (wasm-bindgen, web
# target), optimised with binaryen's wasm-opt from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "build-wasm: cargo (release, wasm32)…"
cargo rustc --release --target wasm32-unknown-unknown --lib --no-default-features --crate-type cdylib
rm -rf dist/pkg && mkdir -p dist/pkg
wasm-bindgen --target web --no-typescript --out-dir dist/pkg target/wasm32-unknown-unknown/release/nianbao.wasm
echo "build-wasm: wasm-bindgen done; optimising with wasm-opt -O3 (about 15 s)…"
npx --no-install wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  dist/pkg/nianbao_bg.wasm -o dist/pkg/nianbao_bg.wasm
echo "build-wasm: dist/pkg/nianbao_bg.wasm $(($(stat -c %s dist/pkg/nianbao_bg.wasm) / 1024)) KB, $(($(gzip -9c dist/pkg/nianbao_bg.wasm | wc -c) / 1024)) KB gzipped"
