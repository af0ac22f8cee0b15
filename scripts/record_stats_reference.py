#!/usr/bin/python3
"""Records the stats JSON of the reference set of array runs (issue: "nothing
changes behaviour"): every configs/*.ini for `interpsim simd` and `simt`, every
SIMT kernel, 16/256/4096 segments, model and rtl lanes, small element counts.

    scripts/record_stats_reference.py BUILD/sim/interpsim OUT.json [--jobs N]

Each record keeps the command line (relative to the repository root, which is
where the runs execute) and the stats with the wall-clock fields removed.
testbench/cli/stats_reference_test.py replays the command lines and compares.
The committed testbench/cli/stats_reference.json was recorded with the binary
of commit 4fb9133 (before the sim/ refactor; its SIMT option was --interp_impl,
which the test maps to --lane_impl).
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from output_file import replace_output

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Wall-clock measurements differ from run to run; everything else must not.
TIMING_KEYS = ("sim_seconds", "sim_elements_per_second")
SEGMENTS = (16, 256, 4096)
SIMD_ELEMENTS = 20000
SIMT_ELEMENTS = 100000


def simd_runs():
    configs = sorted(f for f in os.listdir(os.path.join(ROOT, "configs"))
                     if f.endswith(".ini") and not f.startswith(("v100", "h100")))
    for config in configs:
        for segments in SEGMENTS:
            for lanes in ("model", "rtl"):
                yield ["simd", "--config", "configs/" + config, "--segments", str(segments),
                       "--lane_impl", lanes, "--trace_count", str(SIMD_ELEMENTS)]
    # Options the configs do not reach: multiport, fixed arbitration, the
    # non-uniform design, softmax (unit and divider reciprocals), narrow memory.
    base = ["simd", "--config", "configs/simd-64-banked16.ini", "--trace_count",
            str(SIMD_ELEMENTS)]
    for lanes in ("model", "rtl"):
        yield base + ["--lane_impl", lanes, "--table_org", "multiport", "--read_ports", "3"]
        yield base + ["--lane_impl", lanes, "--arbitration", "fixed", "--lanes", "8",
                      "--memory_bytes_per_cycle", "6", "--lane_fifo_depth", "2"]
        yield base + ["--lane_impl", lanes, "--operation", "softmax", "--softmax_cols", "100"]
    yield base + ["--lane_impl", "model", "--design", "nonuniform", "--segments", "256"]
    yield base + ["--lane_impl", "model", "--operation", "softmax", "--softmax_cols", "400",
                  "--reciprocal", "divider"]


def simt_kernels(binary):
    text = subprocess.run([binary, "simt", "--help"], capture_output=True, text=True,
                          check=True).stdout
    line = next(l for l in text.splitlines() if l.startswith("Kernels:"))
    return [k.strip() for k in line.split(":", 1)[1].replace("|", ",").split(",") if k.strip()]


TABLE_KERNELS = ("alg1_global", "alg1_shared", "bsearch", "interp")


def simt_runs(binary):
    for gpu in ("v100", "h100"):
        for kernel in simt_kernels(binary):
            base = ["simt", "--config", "configs/%s.ini" % gpu, "--kernel", kernel,
                    "--elements", str(SIMT_ELEMENTS)]
            if kernel not in TABLE_KERNELS:
                yield base
                continue
            for segments in SEGMENTS:
                run = base + ["--segments", str(segments)]
                if kernel == "interp":
                    for lanes in ("model", "rtl"):
                        yield run + ["--interp_lanes_per_scheduler", "4",
                                     "--lane_impl", lanes]
                else:
                    yield run
    # More than 64 warps per scheduler (the scan's wide path), a fused trace.
    yield ["simt", "--config", "configs/v100.ini", "--kernel", "alg1_shared", "--elements",
           "70000", "--max_warps_per_sm", "384", "--max_blocks_per_sm", "64",
           "--registers_per_sm", "262144"]
    yield ["simt", "--config", "configs/h100.ini", "--kernel", "interp", "--elements", "50000",
           "--interp_lanes_per_scheduler", "1", "--element_memory", "fused"]


def run_one(binary, args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stats.json")
        done = subprocess.run([binary] + args + ["--json", path], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("%s: exit %d\n%s" % (" ".join(args), done.returncode, done.stderr))
        with open(path) as f:
            stats = json.load(f)
    for key in TIMING_KEYS:
        stats.pop(key, None)
    return {"args": args, "stats": stats}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("out")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    runs = list(simd_runs()) + list(simt_runs(binary))
    records = [None] * len(runs)
    with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
        futures = {pool.submit(run_one, binary, args): i for i, args in enumerate(runs)}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            records[futures[future]] = future.result()
            print("\r%d/%d runs" % (done, len(runs)), end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    text = json.dumps({"records": records}, indent=1, sort_keys=True) + "\n"
    tmp = options.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    replace_output(tmp, options.out)
    print("%s: %d runs" % (options.out, len(records)))


if __name__ == "__main__":
    main()
