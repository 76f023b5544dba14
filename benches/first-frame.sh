#!/usr/bin/env bash
# Start-to-first-frame, floor against less, measured the same way.
#
#   benches/first-frame.sh [CORPUS_DIR] [RUNS]
#
# One tmux server (100×30) is started beforehand and a control-mode client
# drives it, so neither figure includes starting tmux and polling forks no
# process: each run opens a new window running the program (argv, no shell),
# then asks for `capture-pane` in a tight loop over the same connection until
# the pane shows the program's first screen, then closes the window. Runs
# alternate between less and floor so both meet the same machine state.
#
# less's first screen shows the first line of the text; floor's first frame
# (the empty layout while loading) shows its status line, which ends in
# "? help".
#
# CORPUS_DIR defaults to a 1,000-transcript generated corpus (about 70 MB,
# made with `cargo run --release --example gen_corpus`); less reads the same
# text concatenated into one file. FLOOR=/path/to/floor measures that binary
# instead of building this checkout (for a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/floor-first-frame-corpus}
runs=${2:-10}
if [ ! -d "$dir" ]; then
  cargo run --release --quiet --example gen_corpus -- "$dir" 1000 70000
fi
if [ -z "${FLOOR:-}" ]; then
  cargo build --release --quiet
fi
floor=${FLOOR:-${CARGO_TARGET_DIR:-$PWD/target}/release/floor}
all=$(mktemp)
find "$dir" -type f -name '*.txt' | sort | xargs cat > "$all"
socket=floor-ff-$$
trap 'tmux -L $socket kill-server 2>/dev/null || true; rm -f "$all"' EXIT
tmux -L "$socket" new-session -d -x 100 -y 30 -s bench 'sleep 100000'
echo "corpus: $dir ($(du -sh "$dir" | cut -f1)), $runs runs each, alternating"

BENCHES="$PWD/benches" python3 - "$socket" "$runs" \
  less "$(head -n 1 "$all")" less "$all" \
  floor "? help" "$floor" "$dir" <<'EOF'
import os
import statistics
import subprocess
import sys
import time

benches = os.environ["BENCHES"]

socket, runs = sys.argv[1], int(sys.argv[2])
# name, pattern, argv: four arguments each.
rest = sys.argv[3:]
cases = [(rest[i], rest[i + 1], rest[i + 2 : i + 4]) for i in range(0, len(rest), 4)]

sys.path.insert(0, benches)
from tmux_control import Control, quote

command = Control(socket).command


def first_screen(pattern, argv):
    pattern = pattern.encode()
    start = time.perf_counter_ns()
    pane = command(
        "new-window", "-d", "-P", "-F", quote("#{pane_id}"), "-t", "bench",
        *map(quote, argv),
    )[0].decode()
    while not any(pattern in line for line in command("capture-pane", "-p", "-t", pane)):
        pass
    end = time.perf_counter_ns()
    command("kill-pane", "-t", pane)
    time.sleep(0.1)
    return (end - start) / 1e6


results = {name: [] for name, _, _ in cases}
for _ in range(runs):
    for name, pattern, argv in cases:
        results[name].append(first_screen(pattern, argv))
for name, ms in results.items():
    print(f"{name:5} runs (ms): " + " ".join(f"{m:.1f}" for m in ms))
for name, ms in results.items():
    print(
        f"{name:5} first screen: median {statistics.median(ms):.2f} ms"
        f" (min {min(ms):.1f}, max {max(ms):.1f})"
    )
# Each round ran every program once, one after the other: the median of
# their differences round by round is less noisy than the medians' difference.
first, *others = results
for name in others:
    diffs = [b - a for a, b in zip(results[first], results[name])]
    print(f"{name} - {first}, round by round: median {statistics.median(diffs):+.2f} ms")
EOF
