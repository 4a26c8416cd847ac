#!/usr/bin/env bash
# Reading a PDF-text report against reading the same report as plain text, in instructions
# (valgrind's callgrind; repeatable whatever else the machine is doing): for each pdftotext,
# pdftotext -layout and pdf.js text fixture, (instructions of `nianbao check LAYOUT` − those of a
# run that checks nothing) ÷ (the same for the original text). Needs valgrind and
# `cargo build --profile quick`. Prints "layout/file ratio".
ic() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ {gsub(",","",$4); print $4}'; }
cd "$(dirname "$0")/.."
base=$(ic target/quick/nianbao rules)
for layout in pdftotext pdftotext-layout pdfjs; do
  for f in tests/fixtures/layouts/$layout/*.txt; do
    stem=$(basename $f .txt)
    if [[ $stem == seed-* ]]; then n=${stem:5:3}; orig=$(ls tests/fixtures/seeds/${n}_*.txt); else y=${stem:7:4}; orig=$(ls tests/fixtures/corpus/*pingtan_$y.txt); fi
    a=$(ic target/quick/nianbao check $f); b=$(ic target/quick/nianbao check $orig)
    echo "$layout/$stem $a $b $base" | awk '{printf "%s %.2f\n", $1, ($2-$4)/($3-$4)}'
  done
done
