#!/usr/bin/env bash
# Builds the core to WebAssembly: dist/pkg/nianbao.js + nianbao_bg.wasm (wasm-bindgen, web
# target), optimised with binaryen's wasm-opt from npm; and the PDF reader module (src/wasm_pdf.rs:
# the CLI's lopdf-based reader, feature "pdf"), which the page and the extension's viewer load only
# when a PDF is opened: dist/pkg-pdf.
#
# opt-level "s" for the wasm only (the native CLI keeps 3): 263 KB gzipped instead of 331 KB
# when it was introduced. The crate grew to 320 KB gzipped (PDF, .docx, cross-year rules); most of
# the growth was 167 instances of the standard sort (one per call site and type), now one instance
# through src/sort.rs: 282 KB gzipped (752 → 644 KB raw). opt-level "z" would give 274 KB but ran
# checkText ~27% slower (Node, 18 seed and corpus reports); "z" for the dependencies only saved
# nothing. After further growth (307 KB), core's float parsing and formatting (21 KB gzipped of
# code and tables) were replaced by src/value.rs's parse_decimal/format_fixed: 286 KB gzipped.
#
# The two modules are built side by side, the PDF module in its own target directory: each
# build's last minute is one thread (whole-program LTO with one codegen unit, then wasm-opt), so
# on two cores both together take 117 s where one after the other took 147 s.
set -euo pipefail
cd "$(dirname "$0")/.."

# build_module FEATURES TARGET_DIR OUT_DIR OUT_NAME
build_module() {
  local features=$1 target_dir=$2 out=$3 name=$4
  # shellcheck disable=SC2086 # FEATURES is empty or one flag and its value
  CARGO_TARGET_DIR=$target_dir CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
    cargo rustc --release --target wasm32-unknown-unknown --lib --no-default-features $features --crate-type cdylib
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$out" "$target_dir/wasm32-unknown-unknown/release/nianbao.wasm"
  npx --no-install wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
  echo "$out/${name}_bg.wasm $(($(stat -c %s "$out/${name}_bg.wasm") / 1024)) KB, $(($(gzip -9c "$out/${name}_bg.wasm" | wc -c) / 1024)) KB gzipped"
}

echo "build-wasm: the core and the PDF reader module, side by side (cargo release for wasm32, wasm-bindgen, wasm-opt -O3)…"
build_module "" target dist/pkg nianbao 2>&1 | sed -u 's/^/[core] /' &
core=$!
build_module "--features pdf" target/wasm-pdf dist/pkg-pdf nianbao_pdf 2>&1 | sed -u 's/^/[pdf]  /' &
pdf=$!
status=0
wait $core || status=$?
wait $pdf || status=$?
[ "$status" = 0 ] || { echo "build-wasm: failed (see the [core] and [pdf] lines above)"; exit "$status"; }
echo "build-wasm: done (the core's budget is 300 KB gzipped; the PDF module is loaded on the first PDF)."
