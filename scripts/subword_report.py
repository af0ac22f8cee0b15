#!/usr/bin/python3
"""Elements per cycle and speedup of sub-word lanes (32/16/8 bits) in the
SIMD array under the table organizations and memory bandwidths of configs/
(docs/results/subword.md).

    scripts/subword_report.py [--binary BUILD/sim/interpsim] [--lanes 64]
        [--trace_count 262144] [--lane_impl model] [--csv FILE] [--plot FILE.png]

For every organization (private; banked, 16 banks; multiport, 4 ports: the
configs' and the defaults' values), every memory_bytes_per_cycle of the configs
(512: simd-64-private.ini and simd-64-banked16.ini; 64: simd-64-fp8e4m3.ini)
and every width (32: fp32 elements in 32-bit lanes; 16: fp16 in 2 slots per
lane; 8: fp8e4m3 in 4 slots) it runs

    interpsim simd --subword W --format F --kb KB --table_org O [--banks 16]
        [--read_ports 4] --memory_bytes_per_cycle B --lanes L --func gelu --a -5
        --m 3 --segments 256 --trace builtin --trace_count T --lane_impl I --json S.json

(GELU on [-5, 3) with 256 segments, the fp8 config's table, for all widths so
that only the width changes) and prints a Markdown table: elements per cycle,
the bound min(L * 32/W, B / (2 * element bytes)), speedup over 32 bits at the
same organization and bandwidth, slot utilization, the shares of slot-cycles
stalled on memory and on table conflicts. Every run must have 0 mismatches
(exit status 1 otherwise). --plot needs matplotlib.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTHS = [(32, "fp32", "fp32"), (16, "fp16", "io"), (8, "fp8e4m3", "io")]
ORGS = [("private", []), ("banked", ["--banks", "16"]), ("multiport", ["--read_ports", "4"])]
BANDWIDTHS = [512, 64]
SEED_002 = {32: 1.012, 16: 1.273, 8: 1.556}  # whole CNN, per its widths (see subword.md)


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


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(BANDWIDTHS), figsize=(11, 4), sharey=True)
    for ax, bandwidth in zip(axes, BANDWIDTHS):
        for org, _ in ORGS:
            pts = [r for r in rows if r["table_org"] == org and r["bytes_per_cycle"] == bandwidth]
            ax.plot([r["width"] for r in pts], [r["speedup"] for r in pts], marker="o", label=org)
        ax.plot([32, 16, 8], [1, 2, 4], "k:", label="ideal 32/W")
        ax.plot(list(SEED_002), list(SEED_002.values()), "r--", marker="x",
                label="seed 002 (whole CNN)")
        ax.set_xscale("log", base=2)
        ax.set_xticks([32, 16, 8], ["32", "16", "8"])
        ax.invert_xaxis()
        ax.set_xlabel("element width (bits)")
        ax.set_title("%d B/cycle, 64 lanes" % bandwidth)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("speedup over 32-bit (elements/cycle)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "sim", "interpsim"))
    parser.add_argument("--lanes", type=int, default=64)
    parser.add_argument("--trace_count", type=int, default=262144)
    parser.add_argument("--lane_impl", default="model")
    parser.add_argument("--csv")
    parser.add_argument("--plot")
    args = parser.parse_args()
    common = ["--func", "gelu", "--a", "-5", "--m", "3", "--segments", "256",
              "--lanes", str(args.lanes), "--trace", "builtin",
              "--trace_count", str(args.trace_count), "--lane_impl", args.lane_impl]
    rows = []
    bad = 0
    for bandwidth in BANDWIDTHS:
        for org, org_args in ORGS:
            base = None
            for width, fmt, kb in WIDTHS:
                s = simd(args.binary, common + org_args + [
                    "--subword", str(width), "--format", fmt, "--kb", kb, "--table_org", org,
                    "--memory_bytes_per_cycle", str(bandwidth)])
                bad += s["mismatches"] != 0
                slots = args.lanes * 32 // width
                slot_cycles = s["cycles"] * slots
                per_cycle = s["elements_per_cycle"]
                base = per_cycle if width == 32 else base
                rows.append({
                    "table_org": org, "bytes_per_cycle": bandwidth, "width": width,
                    "format": fmt, "slots": slots, "cycles": s["cycles"],
                    "elements_per_cycle": round(per_cycle, 4),
                    "bound": min(slots, bandwidth / (2.0 * s["element_bytes"])),
                    "speedup": round(per_cycle / base, 4),
                    "slot_utilization": round(s["lane_utilization"], 4),
                    "memory_stalls": round(s["stalls"]["memory"] / slot_cycles, 4),
                    "conflict_stalls": round(s["stalls"]["table_conflict"] / slot_cycles, 4),
                    "table_reads_per_cycle": round(s["table_reads"] / s["cycles"], 3),
                    "mismatches": s["mismatches"], "checked": s["checked"]})
    print("| table org | B/cycle | width | slots L*32/W | elements/cycle | bound | speedup vs 32 "
          "| seed 002 | slot utilization | memory stalls | conflict stalls | table reads/cycle |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %d | %d | %.3f | %.1f | %.3f | %.3f | %.1f%% | %.1f%% | %.1f%% | %.2f |" % (
            r["table_org"], r["bytes_per_cycle"], r["width"], r["slots"],
            r["elements_per_cycle"], r["bound"], r["speedup"], SEED_002[r["width"]],
            100 * r["slot_utilization"], 100 * r["memory_stalls"], 100 * r["conflict_stalls"],
            r["table_reads_per_cycle"]))
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    if args.plot:
        plot(rows, args.plot)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
