"""A tmux control-mode client for the benchmark scripts (first-frame.sh,
reader-scale.sh): commands go over one connection, so polling a pane forks
no process. Attach to a session started beforehand with `tmux -L SOCKET
new-session -d -s bench ...`."""

import subprocess
import sys


class Control:
    def __init__(self, socket, session="bench"):
        self.client = subprocess.Popen(
            ["tmux", "-L", socket, "-C", "attach", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self.block()  # the answer to attaching
        self.command("refresh-client", "-f", "no-output")

    def block(self):
        """The lines of the next command's answer (notifications skipped)."""
        lines, inside = [], False
        while True:
            line = self.client.stdout.readline()
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

    def command(self, *words):
        """Runs a tmux command; its output lines."""
        self.client.stdin.write(" ".join(words).encode() + b"\n")
        return self.block()


def quote(arg):
    """One argument of a tmux command, quoted."""
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'
