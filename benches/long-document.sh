#!/usr/bin/env bash
# `floor check`, `floor stats` and `floor tag --auto` on one transcript of
# 10, 40 and 160 MB (the sample meeting repeated), to show that they grow
# linearly with a document's length: the 160 MB time should be about 16
# times the 10 MB time (issue 19 asks for at most 20).
# Usage: benches/long-document.sh [FLOOR_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
floor=${1:-target/release/floor}
[ -x "$floor" ] || cargo build --release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
src=assets/sample/oewg-2021-25/session-2/meeting-9.txt
: >"$dir/big10.txt"
while [ "$(stat -c %s "$dir/big10.txt")" -lt 10485760 ]; do
  cat "$src" >>"$dir/big10.txt"
  printf '\n\n' >>"$dir/big10.txt"
done
for _ in 1 2 3 4; do cat "$dir/big10.txt"; done >"$dir/big40.txt"
for _ in 1 2 3 4; do cat "$dir/big40.txt"; done >"$dir/big160.txt"
for command in check stats tag; do
  declare -A secs=()
  for mb in 10 40 160; do
    file="$dir/big$mb.txt"
    "$floor" check "$file" >/dev/null # warm the page cache
    args=("$command" "$file")
    [ "$command" = tag ] && args+=(--auto)
    rm -rf "$dir/.floor"
    start=$(date +%s.%N)
    "$floor" "${args[@]}" >/dev/null
    end=$(date +%s.%N)
    secs[$mb]=$(echo "$end - $start" | bc -l)
    printf '%-6s %4s MB: %.2f s\n' "$command" "$mb" "${secs[$mb]}"
  done
  printf '%-6s ratio 160/10: %.1f (linear: 16)\n' "$command" "$(echo "${secs[160]} / ${secs[10]}" | bc -l)"
done
