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
# In one run per size:
# - `floor check DIR` (output to /dev/null): wall time and peak RSS.
# - the reader, `floor DIR` in a tmux window of 120×40, driven by a tmux
#   control-mode client (as benches/first-frame.sh does: no process forked
#   per poll). First frame: until the status line shows "? help". Then,
#   every 0.7 s while the status line says "loading", `?` is sent and the
#   time until the help popup's corner shows is taken, and 0.35 s later
#   Esc, until it is gone: the key latency while loading. Full load: until
#   "loading" leaves the status line. Peak RSS: the process's VmHWM from
#   /proc once loaded.
#
# The screen is polled every millisecond while a key waits and every 5 ms
# otherwise; the polling costs the tmux server some CPU, which the loader
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

# `floor check`: wall time and peak RSS (ru_maxrss is in KiB on Linux).
start = time.perf_counter()
proc = subprocess.Popen([floor, "check", corpus], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(proc.pid, 0)
check_s = time.perf_counter() - start
check_rss = usage.ru_maxrss * 1024
check_cpu = usage.ru_utime + usage.ru_stime

sys.path.insert(0, benches)
from tmux_control import Control, quote

command = Control(socket).command

start = time.perf_counter()
pane, pid = command("new-window", "-d", "-P", "-F", quote("#{pane_id} #{pane_pid}"), "-t", "bench",
                   quote(floor), quote(corpus))[0].decode().split()
pid = int(pid)


def screen():
    return command("capture-pane", "-p", "-t", pane)


def status():
    s = screen()
    return s[-1].decode(errors="replace") if s else ""


while "? help" not in status():
    pass
first_frame = time.perf_counter() - start

latencies = []
popup = "╭".encode()


def timed_key(key, shown):
    sent = time.perf_counter()
    command("send-keys", "-t", pane, key)
    while True:
        s = screen()
        if any(popup in line for line in s) == shown:
            latencies.append((time.perf_counter() - sent) * 1000)
            return
        time.sleep(0.001)


def loading():
    """Until the status line counts every document (a partly drawn
    frame is not taken for the end)."""
    line = status()
    # "1 document", "1,151 documents"
    counted = " document" if n == "any" else f" {n} document"
    return "loading" in line or counted not in line.replace(",", "")


next_key = time.perf_counter() + 0.7
while loading():
    if time.perf_counter() >= next_key:
        # Whether still loading is read with the popup closed (the help
        # covers the status line's count).
        timed_key("?", True)
        time.sleep(0.35)
        timed_key("Escape", False)
        next_key += 0.7
    time.sleep(0.005)
# The last key may have been answered after loading ended: wait for the end.
while loading():
    time.sleep(0.005)
full_load = time.perf_counter() - start


def proc_kb(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(stat):
    with open(stat) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


reader_cpu = cpu_seconds(f"/proc/{pid}/stat")
# The event loop's thread is the process's first.
ui_cpu = cpu_seconds(f"/proc/{pid}/task/{pid}/stat")
peak = proc_kb("VmHWM")
rss = proc_kb("VmRSS")
# The window closes when the reader quits.
command("send-keys", "-t", pane, "q")

print(f"== {n} files, {corpus_bytes / MB:.0f} MB ({corpus})".replace("any files", "a folder"))
print(f"first frame        {first_frame * 1000:8.1f} ms")
if latencies:
    lat = sorted(latencies)
    print(f"key while loading  {len(lat)} keys: median {statistics.median(lat):.1f} ms, "
          f"max {lat[-1]:.1f} ms (target 50)")
else:
    print("key while loading  none sent (loaded within 0.7 s)")
print(f"floor check        {check_s:8.2f} s ({check_cpu:.2f} s CPU), peak RSS {check_rss / MB:.0f} MB")
print(f"reader full load   {full_load:8.2f} s ({reader_cpu:.2f} s CPU, {ui_cpu:.2f} s of it the event loop's) "
      f"= {full_load / check_s:.2f}x check (target 2x)")
limit = 1.5 * corpus_bytes + 20 * MB
print(f"reader peak RSS    {peak / MB:8.0f} MB = {peak / corpus_bytes:.2f}x corpus "
      f"(target {limit / MB:.0f} MB = 1.5x + 20 MB); resident when loaded {rss / MB:.0f} MB")
EOF
done
