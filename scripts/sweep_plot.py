#!/usr/bin/python3
"""Pareto plot of a simd sweep's summary.csv (interpsim sweep calls it after a
merge; docs/sweeps.md): throughput (elements per cycle) against the array's
table memory (bytes), the Pareto front's points labelled by their axis values, the front
(no other point has more throughput for less or equal memory) joined by a line.

usage: sweep_plot.py SUMMARY.csv OUT.png
Exit 0 and one line 'wrote OUT.png'; exit 3 when matplotlib is missing."""
import csv
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed (apt-get install python3-matplotlib)")
    sys.exit(3)

FIXED = {"hash", "kind", "status", "elements", "cycles", "elements_per_cycle",
         "lane_utilization", "bank_conflict_cycles", "mismatches",
         "array_table_memory_bytes", "sim_seconds", "shard"}


def main(summary, out):
    with open(summary, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == "simd" and r["status"] == "done"]
    if not rows:
        print("no simd results to plot")
        return 0
    axes = [k for k in rows[0] if k not in FIXED]
    varying = [k for k in axes if len({r[k] for r in rows}) > 1] or axes
    points = [(float(r["array_table_memory_bytes"]), float(r["elements_per_cycle"]),
               " ".join(f"{k}={r[k]}" for k in varying)) for r in rows]
    front, best = [], -1.0
    for x, y, _ in sorted(points, key=lambda p: (p[0], -p[1])):
        if y > best:
            front.append((x, y))
            best = y
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.scatter([p[0] for p in points], [p[1] for p in points], color="tab:blue", zorder=2)
    ax.step([p[0] for p in front], [p[1] for p in front], where="post", color="tab:red",
            label="Pareto front", zorder=1)
    on_front = set(front)
    for x, y, label in points:
        if (x, y) not in on_front:
            continue
        on_front.discard((x, y))
        ax.annotate(label, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("array table memory (bytes)")
    ax.set_ylabel("throughput (elements / cycle)")
    ax.set_title(f"interpsim sweep: {os.path.dirname(os.path.abspath(summary))}", fontsize=9)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    tmp = out + ".tmp.png"
    fig.savefig(tmp, dpi=120)
    os.replace(tmp, out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: sweep_plot.py SUMMARY.csv OUT.png")
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
