#!/usr/bin/env bash
# A PDF record through floor against pdftotext (poppler), side by side in one
# hyperfine run, then floor opening the same file from its extraction cache.
#
#   benches/pdf-extract.sh FILE.pdf [RUNS]
#
# floor's figure is `floor check FILE.pdf`: extraction (reading order, page
# furniture, paragraphs) plus attribution, with the cache off; pdftotext's is
# `pdftotext -layout FILE.pdf /dev/null`, what a user would otherwise run
# before opening the text. The cached figure is `floor check` on a folder
# holding only FILE.pdf whose cache was filled by a first run.
# hyperfine's User and System columns give the CPU time beside the wall
# time: floor reads pages on the rayon pool, pdftotext on one thread.
#
# Measured 2026-12-06 on the 2-core build machine, otherwise idle (mean of 10,
# wall / user CPU), pdftotext against floor:
#   Dáil 2015-04-24, 35 pages   54.6 / 46.0 ms   43.3 / 37.0 ms  (was 105 / 95)
#   Seanad 2020-07-17, 55 pages 114.5 / 101.1 ms 99.6 / 78.6 ms  (was 202 / 173)
#   UN S/PV.8706, 30 pages      399.9 / 299.2 ms 96.9 / 59.5 ms  (was 147 / 119)
#   floor from its cache: 6-10 ms on each.
# Needs hyperfine and pdftotext (`apt-get install hyperfine poppler-utils`).
# FLOOR=/path/to/floor measures that binary instead of building this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=$(realpath "${1:?usage: benches/pdf-extract.sh FILE.pdf [RUNS]}")
runs=${2:-10}
for tool in hyperfine pdftotext; do
  command -v "$tool" >/dev/null || { echo "pdf-extract: $tool is not installed" >&2; exit 1; }
done
if [ -z "${FLOOR:-}" ]; then
  cargo build --release --quiet
fi
floor=${FLOOR:-${CARGO_TARGET_DIR:-$PWD/target}/release/floor}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[ingest]\ncache = false\n' > "$work/nocache.toml"
mkdir "$work/cached"
cp "$pdf" "$work/cached/"
"$floor" check "$work/cached" >/dev/null
echo "file: $pdf ($(pdfinfo "$pdf" | sed -n 's/^Pages: *//p') pages, $(du -h "$pdf" | cut -f1))"
hyperfine --warmup 1 --runs "$runs" -N \
  -n pdftotext "pdftotext -layout $pdf /dev/null" \
  -n floor "$floor --config $work/nocache.toml check $pdf" \
  -n "floor (cached)" "$floor check $work/cached"
