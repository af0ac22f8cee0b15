#!/usr/bin/python3
"""Elements per cycle of the SIMD array in each number format under limited
memory bandwidth (docs/results/simd-formats.md).

    scripts/simd_formats.py [--binary BUILD/sim/interpsim] [--lanes 64]
        [--bandwidths 32,64,128] [--trace_count 262144] [--lane_impl rtl]
        [--segments 256]

For every format (fp32; fp16, bf16, fp8e5m2, fp8e4m3 with kb fp32 and io)
and every memory_bytes_per_cycle it runs

    interpsim simd --format F --kb K --memory_bytes_per_cycle B --lanes L
        --segments N --trace builtin --trace_count T --lane_impl I --json S.json

(GELU on [-5, 3), private tables, every other key at its default) and prints
a Markdown table: element bytes, cycles, elements per cycle, the bandwidth
bound min(L, B / (2 * element bytes)), lane utilization, the share of
lane-cycles stalled on memory, mismatches and what they checked. A second
table gives the array's table memory (array_table_memory_bytes) for the
private, banked (16 banks) and multiport (4 ports) organizations per kb format.
Every run must have 0 mismatches (exit status 1 otherwise).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMATS = [("fp32", "fp32"), ("fp16", "fp32"), ("fp16", "io"), ("bf16", "fp32"), ("bf16", "io"),
           ("fp8e5m2", "fp32"), ("fp8e5m2", "io"), ("fp8e4m3", "fp32"), ("fp8e4m3", "io")]


def simd(binary, args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stats.json")
        command = [binary, "simd"] + args + ["--json", path]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              env=dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1"))
        if done.returncode != 0:
            sys.exit("failed (%d): %s\n%s" % (done.returncode, " ".join(command), done.stderr))
        with open(path) as f:
            return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "sim", "interpsim"))
    parser.add_argument("--lanes", type=int, default=64)
    parser.add_argument("--bandwidths", default="32,64,128")
    parser.add_argument("--trace_count", type=int, default=262144)
    parser.add_argument("--lane_impl", default="rtl")
    parser.add_argument("--segments", type=int, default=256)
    args = parser.parse_args()
    common = ["--func", "gelu", "--a", "-5", "--m", "3", "--segments", str(args.segments),
              "--lanes", str(args.lanes), "--trace", "builtin",
              "--trace_count", str(args.trace_count), "--lane_impl", args.lane_impl]
    print("| format | kb | element bytes | B/cycle | cycles | elements/cycle | bound "
          "min(L, B/2E) | lane utilization | memory stalls | mismatches (checked) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    bad = 0
    for bandwidth in [int(b) for b in args.bandwidths.split(",")]:
        for fmt, kb in FORMATS:
            s = simd(args.binary, common + ["--format", fmt, "--kb", kb,
                                            "--memory_bytes_per_cycle", str(bandwidth)])
            e = s["element_bytes"]
            lane_cycles = s["cycles"] * args.lanes
            bound = min(args.lanes, bandwidth / (2.0 * e))
            bad += s["mismatches"] != 0
            print("| %s | %s | %d | %d | %d | %.3f | %.3f | %.1f%% | %.1f%% | %d (%s) |" % (
                fmt, kb, e, bandwidth, s["cycles"], s["elements_per_cycle"], bound,
                100 * s["lane_utilization"], 100 * s["stalls"]["memory"] / lane_cycles,
                s["mismatches"], s["checked"]))
    print()
    print("| format | kb | row bytes | private (L copies) | banked | multiport |")
    print("|---|---|---:|---:|---:|---:|")
    for fmt, kb in FORMATS:
        memory = {}
        for org in ("private", "banked", "multiport"):
            s = simd(args.binary, common[:-4] + ["--trace_count", "4096", "--lane_impl", "model",
                                                 "--format", fmt, "--kb", kb, "--table_org", org])
            memory[org] = s["array_table_memory_bytes"]
            rows = args.segments + 2
            row_bytes = s["table_memory_bytes"] // rows
        print("| %s | %s | %d | %d | %d | %d |" % (fmt, kb, row_bytes, memory["private"],
                                                    memory["banked"], memory["multiport"]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
