#!/usr/bin/env bash
# The reader on a whole archive: time to first frame, key latency while
# loading, full-load time against `floor check`, and peak memory against
# the corpus bytes (issue 17, part 1), at 1,000 and 10,000 files.
#
#   benches/reader-scale.sh [SIZE|DIR...]        (default: 1000 10000)
#
# A DIR is measured as it is (for example the press briefings unpacked from
# ../shared/corpora) instead of a generated corpus.
# Each size is a corpus generated once under $SCALE_DIR (default
# /tmp/floor-reader-scale; `gen_corpus DIR N 74000`, about 74 MB per 1,000
# files) and reused by later runs; delete it when done. The files are read
# once beforehand so that both programs meet them in the page cache.
#
# For each size:
# - `floor check DIR` (output to /dev/null): wall time and peak RSS.
# - the reader, `floor DIR` in a tmux window of 120×40, driven by a tmux
#   control-mode client (as benches/first-frame.sh does: no process forked
#   per poll), started in two ways:
#   1. untouched: first frame, until the status line shows "? help"; full
#      load, until "loading" leaves it and it counts every document (the
#      screen read every 10 ms); CPU, the process's user and system time
#      then; peak RSS, its VmHWM from /proc once loaded. Check and this
#      run alternate for ROUNDS rounds (default 3); each figure is the
#      median, and the ratio of each round is shown too.
#   2. with keys: from 0.2 s on, every 0.35 s while the status line says
#      "loading", `?` is sent and the time until the help popup's corner
#      shows is taken, then Esc, until it is gone: the key latency while
#      loading. The keys are kept out of the first start because the help
#      covers the status line: the end of loading would be seen only once
#      it closed (a fixed 1.08 s whenever loading ended under it).
#
# The polling costs the tmux server and Python some CPU, which the loader
# competes with, so the reader's load time is, if anything, pessimistic.
# CPU: user and system time of each process (the reader's until loaded),
# which tells work from waiting when other programs share the machine.
# FLOOR=/path/to/floor measures that binary instead of building this
# checkout (for a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
base=${SCALE_DIR:-/tmp/floor-reader-scale}
if [ -z "${FLOOR:-}" ]; then
  cargo build --release --quiet
fi
floor=${FLOOR:-${CARGO_TARGET_DIR:-$PWD/target}/release/floor}
gen=${CARGO_TARGET_DIR:-$PWD/target}/release/examples/gen_corpus
for n in "${sizes[@]}"; do
  if [ ! -d "$n" ] && [ ! -d "$base/c$n" ]; then
    [ -x "$gen" ] || cargo build --release --quiet --example gen_corpus
    "$gen" "$base/c$n" "$n" 74000 >/dev/null
  fi
done
socket=floor-scale-$$
trap 'tmux -L $socket kill-server 2>/dev/null || true' EXIT
tmux -L "$socket" new-session -d -x 120 -y 40 -s bench 'sleep 100000'

for n in "${sizes[@]}"; do
  dir=$base/c$n
  if [ -d "$n" ]; then
    dir=$n
    n=any
  fi
  bytes=$(find "$dir" -type f -not -path '*/.*' -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1)
  find "$dir" -type f -not -path '*/.*' -print0 | xargs -0 cat >/dev/null
  BENCHES="$PWD/benches" python3 - "$socket" "$floor" "$dir" "$n" "$bytes" <<'EOF'
import os
import statistics
import subprocess
import sys
import time

benches = os.environ["BENCHES"]

socket, floor, corpus, n, corpus_bytes = sys.argv[1:6]
corpus_bytes = int(corpus_bytes)
MB = 1e6



def run_check():
    """`floor check`: wall time, CPU and peak RSS (ru_maxrss is in KiB on Linux)."""
    started = time.perf_counter()
    proc = subprocess.Popen([floor, "check", corpus], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


sys.path.insert(0, benches)
from tmux_control import Control, quote

command = Control(socket).command

# How often the screen is read while the reader loads untouched. Reading
# it costs the tmux server and Python CPU that the loading threads then
# lack: every 2 ms made the load 0.15-0.35 s (15-30 %) slower than every
# 20 ms on 2 cores. 10 ms puts the end at most 10 ms late.
POLL = 0.01
# Rounds of check and the untouched reader, alternating; each figure is the
# median of its rounds (both vary by 10-20 % from run to run on a shared
# machine).
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def median_of(rows):
    """Each column's median."""
    return tuple(statistics.median(column) for column in zip(*rows))


def start_reader():
    """A new window running the reader: (pane, pid, when it was asked for)."""
    started = time.perf_counter()
    pane, pid = command("new-window", "-d", "-P", "-F", quote("#{pane_id} #{pane_pid}"),
                        "-t", "bench", quote(floor), quote(corpus))[0].decode().split()
    return pane, int(pid), started


def screen(pane):
    return command("capture-pane", "-p", "-t", pane)


def status(pane):
    s = screen(pane)
    return s[-1].decode(errors="replace") if s else ""


def loading(pane):
    """Until the status line counts every document (a partly drawn frame is
    not taken for the end)."""
    line = status(pane)
    # "1 document", "1,151 documents"
    counted = " document" if n == "any" else f" {n} document"
    return "loading" in line or counted not in line.replace(",", "")


def proc_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(stat):
    with open(stat) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def quit_reader(pane):
    """`q`, and the window closes when the reader has quit."""
    command("send-keys", "-t", pane, "q")
    while any(line.split()[0] == pane.encode() for line in command("list-panes", "-s", "-t", "bench",
                                                                      "-F", quote("#{pane_id}"))):
        time.sleep(0.01)


def untouched_load():
    """The reader started and left alone: first frame, full load, its CPU
    and the event loop's, peak and final RSS."""
    pane, pid, start = start_reader()
    while "? help" not in status(pane):
        pass
    first_frame = time.perf_counter() - start
    while loading(pane):
        time.sleep(POLL)
    full_load = time.perf_counter() - start
    reader_cpu = cpu_seconds(f"/proc/{pid}/stat")
    # The event loop's thread is the process's first.
    ui_cpu = cpu_seconds(f"/proc/{pid}/task/{pid}/stat")
    peak = proc_kb(pid, "VmHWM")
    rss = proc_kb(pid, "VmRSS")
    quit_reader(pane)
    return first_frame, full_load, reader_cpu, ui_cpu, peak, rss


# 1. Check and the untouched reader, in alternating rounds; the medians.
checks, loads = [], []
for _ in range(ROUNDS):
    checks.append(run_check())
    loads.append(untouched_load())
check_s, check_cpu, check_rss = median_of(checks)
first_frame, full_load, reader_cpu, ui_cpu, peak, rss = median_of(loads)
ratios = sorted(load[1] / check[0] for check, load in zip(checks, loads))

# 2. Keys while loading.
latencies = []
popup = "╭".encode()


def timed_key(pane, key, shown):
    sent = time.perf_counter()
    command("send-keys", "-t", pane, key)
    while True:
        s = screen(pane)
        if any(popup in line for line in s) == shown:
            latencies.append((time.perf_counter() - sent) * 1000)
            return
        time.sleep(0.001)


pane, pid, start = start_reader()
while "? help" not in status(pane):
    pass
next_key = start + 0.2
while loading(pane):
    if time.perf_counter() >= next_key:
        # Whether still loading is read with the popup closed (the help
        # covers the status line's count).
        timed_key(pane, "?", True)
        time.sleep(0.1)
        timed_key(pane, "Escape", False)
        next_key += 0.35
    time.sleep(0.005)
quit_reader(pane)

print(f"== {n} files, {corpus_bytes / MB:.0f} MB ({corpus})".replace("any files", "a folder"))
print(f"first frame        {first_frame * 1000:8.1f} ms")
if latencies:
    lat = sorted(latencies)
    print(f"key while loading  {len(lat)} keys: median {statistics.median(lat):.1f} ms, "
          f"max {lat[-1]:.1f} ms (target 50)")
else:
    print("key while loading  none sent (loaded within 0.2 s)")
print(f"floor check        {check_s:8.2f} s ({check_cpu:.2f} s CPU), peak RSS {check_rss / MB:.0f} MB"
      f"  (median of {ROUNDS})")
print(f"reader full load   {full_load:8.2f} s ({reader_cpu:.2f} s CPU, {ui_cpu:.2f} s of it the event loop's) "
      f"= {full_load / check_s:.2f}x check (target 2x); round by round "
      + ", ".join(f"{r:.2f}x" for r in ratios))
limit = 1.5 * corpus_bytes + 20 * MB
print(f"reader peak RSS    {peak / MB:8.0f} MB = {peak / corpus_bytes:.2f}x corpus "
      f"(target {limit / MB:.0f} MB = 1.5x + 20 MB); resident when loaded {rss / MB:.0f} MB")
EOF
done
