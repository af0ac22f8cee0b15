#!/usr/bin/python3
"""Elements per cycle and speedup of sub-word lanes (32/16/8 bits) in the
SIMD array under the table organizations and memory bandwidths of configs/
(docs/results/subword.md), for float elements and for fixed-point ones.

    scripts/subword_report.py [--binary BUILD/sim/interpsim] [--lanes 64]
        [--trace_count 262144] [--lane_impl model] [--csv FILE] [--plot FILE.png]

For every organization (private; banked, 16 banks; multiport, 4 ports: the
configs' and the defaults' values), every memory_bytes_per_cycle of the configs
(512: simd-64-private.ini and simd-64-banked16.ini; 64: simd-64-fp8e4m3.ini)
and every width it runs, for float elements (32: fp32 in 32-bit lanes; 16:
fp16 in 2 slots per lane; 8: fp8e4m3 in 4 slots)

    interpsim simd --subword W --format F --kb KB --table_org O [--banks 16]
        [--read_ports 4] --memory_bytes_per_cycle B --lanes L --func gelu --a -5
        --m 3 --segments 256 --trace builtin --trace_count T --lane_impl I --json S.json

(GELU on [-5, 3) with 256 segments, the fp8 config's table, for all widths so
that only the width changes), and for fixed-point elements (32: int32 in
32-bit lanes; 16: int16 in 2 slots; 8: int8 in 4 slots of subword_interp_lane)

    interpsim table --func gelu --a -4 --m 3 --segments 256 --format intW --out T.tbl
    interpsim simd --table T.tbl --subword W --table_org O [--banks 16]
        [--read_ports 4] --memory_bytes_per_cycle B --lanes L --trace builtin
        --trace_count T --lane_impl I --json S.json

(GELU on [-4, 4) with 256 segments: int8 indexes 256 segments only on an
interval of 2^(8-fx) with fx = 5, so [-5, 3) does not fit; the builtin trace
is quantized at each table's fx). It prints a Markdown table: elements per
cycle, the bound min(L * 32/W, B / (2 * element bytes)), speedup over the 32-bit
run of the same elements, organization and bandwidth, slot utilization, the
shares of slot-cycles stalled on memory and on table conflicts. Every run must
have 0 mismatches (exit status 1 otherwise). --plot needs matplotlib.
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
FIXED_WIDTHS = [(32, "int32"), (16, "int16"), (8, "int8")]
FLOAT_TABLE = ["--func", "gelu", "--a", "-5", "--m", "3", "--segments", "256"]
FIXED_TABLE = ["--func", "gelu", "--a", "-4", "--m", "3", "--segments", "256"]
ORGS = [("private", []), ("banked", ["--banks", "16"]), ("multiport", ["--read_ports", "4"])]
BANDWIDTHS = [512, 64]
SEED_002 = {32: 1.012, 16: 1.273, 8: 1.556}  # whole CNN, per its widths (see subword.md)


def interpsim(command):
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1"))
    if done.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (done.returncode, " ".join(command), done.stderr))


def simd(binary, args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stats.json")
        interpsim([binary, "simd"] + args + ["--json", path])
        with open(path) as f:
            return json.load(f)


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(BANDWIDTHS), figsize=(11, 4), sharey=True)
    for ax, bandwidth in zip(axes, BANDWIDTHS):
        for family, style in (("float", "-"), ("fixed", "--")):
            for index, (org, _) in enumerate(ORGS):
                pts = [r for r in rows if r["table_org"] == org and r["family"] == family
                       and r["bytes_per_cycle"] == bandwidth]
                ax.plot([r["width"] for r in pts], [r["speedup"] for r in pts], style,
                        color="C%d" % index, marker="o", label="%s, %s" % (org, family))
        ax.plot([32, 16, 8], [1, 2, 4], "k:", label="ideal 32/W")
        ax.plot(list(SEED_002), list(SEED_002.values()), "r:", marker="x",
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
    common = ["--lanes", str(args.lanes), "--trace", "builtin",
              "--trace_count", str(args.trace_count), "--lane_impl", args.lane_impl]
    rows = []
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        tables = {}
        for width, fmt in FIXED_WIDTHS:
            tables[width] = os.path.join(tmp, fmt + ".tbl")
            interpsim([args.binary, "table"] + FIXED_TABLE + ["--format", fmt, "--out",
                                                              tables[width]])
        families = [("float", [(w, fmt, FLOAT_TABLE + ["--format", fmt, "--kb", kb])
                               for w, fmt, kb in WIDTHS]),
                    ("fixed", [(w, fmt, ["--table", tables[w]]) for w, fmt in FIXED_WIDTHS])]
        for bandwidth in BANDWIDTHS:
            for family, widths in families:
                for org, org_args in ORGS:
                    base = None
                    for width, fmt, table_args in widths:
                        s = simd(args.binary, common + table_args + org_args + [
                            "--subword", str(width), "--table_org", org,
                            "--memory_bytes_per_cycle", str(bandwidth)])
                        bad += s["mismatches"] != 0
                        slots = args.lanes * 32 // width
                        slot_cycles = s["cycles"] * slots
                        per_cycle = s["elements_per_cycle"]
                        base = per_cycle if width == 32 else base
                        rows.append({
                            "family": family, "table_org": org, "bytes_per_cycle": bandwidth,
                            "width": width, "format": fmt, "slots": slots,
                            "cycles": s["cycles"],
                            "elements_per_cycle": round(per_cycle, 4),
                            "bound": min(slots, bandwidth / (2.0 * s["element_bytes"])),
                            "speedup": round(per_cycle / base, 4),
                            "slot_utilization": round(s["lane_utilization"], 4),
                            "memory_stalls": round(s["stalls"]["memory"] / slot_cycles, 4),
                            "conflict_stalls": round(
                                s["stalls"]["table_conflict"] / slot_cycles, 4),
                            "table_reads_per_cycle": round(s["table_reads"] / s["cycles"], 3),
                            "mismatches": s["mismatches"], "checked": s["checked"]})
    print("| table org | B/cycle | format | slots L*32/W | elements/cycle | bound "
          "| speedup vs 32 | seed 002 | slot utilization | memory stalls | conflict stalls "
          "| table reads/cycle |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %s | %d | %.3f | %.1f | %.3f | %.3f | %.1f%% | %.1f%% | %.1f%% "
              "| %.2f |" % (
                  r["table_org"], r["bytes_per_cycle"], r["format"], r["slots"],
                  r["elements_per_cycle"], r["bound"], r["speedup"], SEED_002[r["width"]],
                  100 * r["slot_utilization"], 100 * r["memory_stalls"],
                  100 * r["conflict_stalls"], r["table_reads_per_cycle"]))
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
