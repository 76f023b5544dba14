#!/usr/bin/env bash
# Start-to-first-frame, floor against less, measured the same way: each runs
# in a fresh tmux pane and the pane is polled until its first screen shows.
#
#   benches/first-frame.sh [CORPUS_DIR] [RUNS]
#
# CORPUS_DIR defaults to a 1,000-transcript generated corpus (about 70 MB,
# made with `cargo run --release --example gen_corpus`); less reads the same
# text concatenated into one file.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/floor-first-frame-corpus}
runs=${2:-10}
if [ ! -d "$dir" ]; then
  cargo run --release --quiet --example gen_corpus -- "$dir" 1000 70000
fi
cargo build --release --quiet
floor=$PWD/target/release/floor
all=$(mktemp)
find "$dir" -type f -name '*.txt' | sort | xargs cat > "$all"
socket=floor-ff-$$
trap 'tmux -L $socket kill-server 2>/dev/null || true; rm -f "$all"' EXIT

# Prints the milliseconds from starting COMMAND until the pane shows PATTERN.
first_screen() {
  local pattern=$1; shift
  tmux -L "$socket" kill-server 2>/dev/null || true
  local start end
  start=$(date +%s%N)
  tmux -L "$socket" new-session -d -x 100 -y 30 "$@"
  until tmux -L "$socket" capture-pane -p 2>/dev/null | grep -qF -- "$pattern"; do :; done
  end=$(date +%s%N)
  tmux -L "$socket" kill-server 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

first_line=$(head -n 1 "$all")
echo "corpus: $dir ($(du -sh "$dir" | cut -f1)), $runs runs each"
less_ms=$(for _ in $(seq "$runs"); do first_screen "$first_line" less "$all"; done | median)
# floor's first frame shows the status line (it says "loading" or counts documents).
floor_ms=$(for _ in $(seq "$runs"); do first_screen "? help" "$floor" "$dir"; done | median)
echo "less  first screen: ${less_ms} ms (median)"
echo "floor first frame:  ${floor_ms} ms (median)"
