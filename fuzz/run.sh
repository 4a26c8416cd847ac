#!/usr/bin/env bash
# Runs the fuzz targets one after the other for SECONDS each (default 120) with the template
# dictionary and seeds made from tests/fixtures. Needs the nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Usage: fuzz/run.sh [SECONDS] [TARGET...]      targets: text html events decode (default: all)
# Extra libFuzzer flags through $FUZZ_FLAGS, e.g. FUZZ_FLAGS="-jobs=2 -workers=2"; extra
# cargo-fuzz build flags through $FUZZ_BUILD, e.g. FUZZ_BUILD=-O (optimised, without debug
# assertions and overflow checks, which are on by default).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-120}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(text html events decode)
python3 make_corpus.py
for t in "${targets[@]}"; do
  echo "== $t: ${secs}s"
  # decode: inputs cut to 16 KiB (its seeds include whole pages; what it checks is the bytes).
  len=()
  [ "$t" = decode ] && len=(-max_len=16384)
  # -timeout: an input checked for more than 10 s (sanitised build) counts as a hang.
  nice cargo +nightly fuzz run ${FUZZ_BUILD:-} "$t" "corpus/$t" -- -dict=template.dict -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 "${len[@]}" ${FUZZ_FLAGS:-}
done
