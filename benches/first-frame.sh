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
# The build names the host as its target (.cargo/config.toml).
host=$(rustc -vV | sed -n 's/^host: //p')
floor=${FLOOR:-${CARGO_TARGET_DIR:-$PWD/target}/$host/release/floor}
all=$(mktemp)
find "$dir" -type f -name '*.txt' | sort | xargs cat > "$all"
socket=floor-ff-$$
trap 'tmux -L $socket kill-server 2>/dev/null || true; rm -f "$all"' EXIT
tmux -L "$socket" new-session -d -x 100 -y 30 -s bench 'sleep 100000'
echo "corpus: $dir ($(du -sh "$dir" | cut -f1)), $runs runs each, alternating"

python3 - "$socket" "$runs" \
  less "$(head -n 1 "$all")" less "$all" \
  floor "? help" "$floor" "$dir" <<'EOF'
import statistics
import subprocess
import sys
import time

socket, runs = sys.argv[1], int(sys.argv[2])
# name, pattern, argv: four arguments each.
rest = sys.argv[3:]
cases = [(rest[i], rest[i + 1], rest[i + 2 : i + 4]) for i in range(0, len(rest), 4)]

client = subprocess.Popen(
    ["tmux", "-L", socket, "-C", "attach", "-t", "bench"],
    stdin=subprocess.PIPE,
    stdout=subprocess.PIPE,
    bufsize=0,
)


def block():
    """The lines of the next command's answer (notifications skipped)."""
    lines, inside = [], False
    while True:
        line = client.stdout.readline()
        if not line:
            sys.exit("the tmux control client ended")
        line = line.rstrip(b"\n")
        if line.startswith(b"%begin"):
            inside, lines = True, []
        elif inside and line.startswith((b"%end", b"%error")):
            if line.startswith(b"%error"):
                sys.exit(f"tmux: {b' '.join(lines).decode(errors='replace')}")
            return lines
        elif inside:
            lines.append(line)


def quote(arg):
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'


def command(*words):
    client.stdin.write(" ".join(words).encode() + b"\n")
    return block()


block()  # the answer to attaching
command("refresh-client", "-f", "no-output")


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
