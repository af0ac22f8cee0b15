"""What the fixed-point tests share: the interpsim binary and a work folder
from the command line, failures collected (each printed as it happens), the
binary run with captured output, and the exit status at the end."""
import os
import subprocess
import sys

BIN, WORK = sys.argv[1], sys.argv[2]
os.makedirs(WORK, exist_ok=True)
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, flush=True)


def run(*args):
    """interpsim ARGS, its output captured as text."""
    return subprocess.run([BIN, *args], capture_output=True, text=True)


def finish():
    if failures:
        print(f"{len(failures)} failures")
        sys.exit(1)
    print("PASS")
