#!/usr/bin/python3
"""Simulation speed of two interpsim binaries, side by side, in one window.

    scripts/compare_speed.py --old OLD_BINARY [--old-root DIR] [--new BINARY] [--runs N]

Runs every case with the old and the new binary alternately (old, new, old,
new, ...), so that machine noise falls on both alike, and prints a Markdown
table of medians and the new/old ratio:
  - SIMD (docs/results/sim-throughput.md): sim_elements_per_second of the
    stats (the clocked simulation alone), higher is better;
  - SIMT (scripts/simt_speed.sh): wall seconds of the whole run, lower is better.
--old-root is the checkout the old binary runs in (its configs/ may use keys
of its own time); the new binary runs in this repository.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SIMD_CASES = [
    "--config configs/simd-64-private.ini --lane_impl model --trace_count 16777216 --check false",
    "--config configs/simd-64-private.ini --trace_count 4194304 --check false",
    "--config configs/simd-64-banked16.ini --lane_impl model --trace_count 4194304 --check false",
    "--config configs/simd-64-banked16.ini --trace_count 1048576 --check false",
    "--config configs/simd-64-private.ini --lanes 1 --lane_impl model --trace_count 4000000 "
    "--check false",
]
SIMT_CASES = [
    "--kernel bsearch --segments 4096",
    "--kernel bsearch --segments 16",
    "--kernel alg1_global --segments 4096",
    "--kernel alg1_shared --segments 4096",
    "--kernel native_gelu_normcdf",
    "--kernel interp --interp_lanes_per_scheduler 4",
]


def simd_rate(binary, root, case):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stats.json")
        subprocess.run([binary, "simd"] + case.split() + ["--json", path], cwd=root, check=True,
                       stdout=subprocess.DEVNULL,
                       env=dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1"))
        with open(path) as f:
            return json.load(f)["sim_elements_per_second"]


def simt_seconds(binary, root, case):
    start = time.monotonic()
    subprocess.run([binary, "simt", "--config", "configs/v100.ini"] + case.split(), cwd=root,
                   check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True)
    parser.add_argument("--old-root", default=ROOT)
    parser.add_argument("--new", default=os.path.join(ROOT, "build/sim/interpsim"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("simd", "simt"))
    options = parser.parse_args()
    old = (os.path.abspath(options.old), os.path.abspath(options.old_root))
    new = (os.path.abspath(options.new), ROOT)
    suites = [("simd", SIMD_CASES, simd_rate, "elements/s"),
              ("simt", SIMT_CASES, simt_seconds, "wall s")]
    for name, cases, measure, unit in suites:
        if options.only and options.only != name:
            continue
        print("\n| %s case | old median (%s) | new median (%s) | new/old |" % (name, unit, unit))
        print("|---|---|---|---|")
        for case in cases:
            samples = {"old": [], "new": []}
            for _ in range(options.runs):
                for label, (binary, root) in (("old", old), ("new", new)):
                    samples[label].append(measure(binary, root, case))
            o = statistics.median(samples["old"])
            n = statistics.median(samples["new"])
            print("| `%s %s` | %.4g | %.4g | %.3f |" % (name, case, o, n, n / o), flush=True)


if __name__ == "__main__":
    main()
