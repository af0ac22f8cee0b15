#!/usr/bin/python3
"""Plots of a sweep's summary.csv (interpsim sweep calls it after a merge;
docs/sweeps.md), by the kind of the sweep:

  table  error (Linf) against table memory, one line per function and format
         (each line is that series' front: more memory, less error);
  simd   throughput (elements per cycle) against the array's table memory, and
         the run's error on its trace (Linf) against throughput;
  simt   throughput (elements per cycle) of every point;
  ppa    Fmax against area (logic and table).

Where two quantities trade, the Pareto front (no other point is better in both)
is drawn as a line and its points are labelled with their axis values.

usage: sweep_plot.py SUMMARY.csv OUT.png
Exit 0 and one line 'wrote OUT.png'; exit 3 when matplotlib is missing."""
import csv
import os
import sys
from output_file import replace_output

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed (apt-get install python3-matplotlib)")
    sys.exit(3)

# Columns that are results, not axes (the merge step's columns, sim/sweep/run_kinds.cpp).
RESULTS = {"hash", "kind", "status", "shard", "elements", "cycles", "elements_per_cycle",
           "lane_utilization", "bank_conflict_cycles", "mismatches", "array_table_memory_bytes",
           "trace_linf", "trace_max_ulp", "trace_linf_all", "sim_seconds", "rows", "table_bytes",
           "reachable_segments", "error_method", "samples", "l2", "linf", "mean_abs", "max_ulp",
           "seconds", "time_ms", "achieved_dram_gb_per_s", "bank_conflict_replays",
           "area_um2", "table_um2", "total_um2", "registers", "critical_path_ns", "fmax_mhz",
           "latency", "ii", "throughput_per_mm2"}


def varying_axes(rows):
    axes = [k for k in rows[0] if k not in RESULTS]
    return [k for k in axes if len({r[k] for r in rows}) > 1] or axes


def label(row, axes):
    return " ".join(f"{k}={row[k]}" for k in axes)


def pareto(points, x_lower_is_better, y_lower_is_better):
    """The points no other point beats in both x and y (ties kept once)."""
    def better(p, q):  # p at least as good as q in both, better in one
        bx = p[0] <= q[0] if x_lower_is_better else p[0] >= q[0]
        by = p[1] <= q[1] if y_lower_is_better else p[1] >= q[1]
        return bx and by and (p[0], p[1]) != (q[0], q[1])
    front = [p for p in points if not any(better(q, p) for q in points)]
    return sorted(set((p[0], p[1]) for p in front))


def scatter_with_front(ax, rows, x_key, y_key, x_lower, y_lower, axes):
    points = [(float(r[x_key]), float(r[y_key]), label(r, axes)) for r in rows
              if r.get(x_key) and r.get(y_key)]
    if not points:
        return False
    ax.scatter([p[0] for p in points], [p[1] for p in points], color="tab:blue", zorder=2)
    front = pareto(points, x_lower, y_lower)
    ax.plot([p[0] for p in front], [p[1] for p in front], color="tab:red", zorder=1,
            label="Pareto front", drawstyle="steps-post" if x_lower != y_lower else "default")
    labelled = set()
    for x, y, text in points:
        if (x, y) in front and (x, y) not in labelled:
            labelled.add((x, y))
            ax.annotate(text, (x, y), fontsize=6, xytext=(3, 3), textcoords="offset points")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return True


def plot_table(rows, fig):
    ax = fig.add_subplot(1, 1, 1)
    axes = varying_axes(rows)
    series_axes = [k for k in axes if k != "segments"]
    series = {}
    for r in rows:
        series.setdefault(label(r, series_axes) or "all", []).append(r)
    # Colour by the first varying axis (the function, say), line style and
    # marker by the rest (the format), so many series stay apart.
    first = sorted({r[series_axes[0]] for r in rows}) if series_axes else []
    rest = sorted({label(r, series_axes[1:]) for r in rows})
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    styles = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ("-", "v"), ("--", "x")]
    for name, group in sorted(series.items()):
        group = sorted(group, key=lambda r: float(r["table_bytes"]))
        color = colors[first.index(group[0][series_axes[0]]) % len(colors)] if first else None
        style, marker = styles[rest.index(label(group[0], series_axes[1:])) % len(styles)]
        ax.plot([float(r["table_bytes"]) for r in group], [float(r["linf"]) for r in group],
                color=color, linestyle=style, marker=marker, label=name)
    if len(series) == 1:  # a front across functions or formats would compare unlike things
        points = [(float(r["table_bytes"]), float(r["linf"]), label(r, axes)) for r in rows]
        front = pareto(points, True, True)
        ax.plot([p[0] for p in front], [p[1] for p in front], color="black", linestyle=":",
                label="Pareto front")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("table memory (bytes)")
    ax.set_ylabel("Linf error against float64")
    ax.grid(True, alpha=0.3, which="both")
    ax.legend(fontsize=7)


def plot_simd(rows, fig):
    axes = varying_axes(rows)
    has_error = any(r.get("trace_linf") for r in rows)
    left = fig.add_subplot(1, 2 if has_error else 1, 1)
    scatter_with_front(left, rows, "array_table_memory_bytes", "elements_per_cycle", True, False,
                       axes)
    left.set_xscale("log", base=2)
    left.set_xlabel("array table memory (bytes)")
    left.set_ylabel("throughput (elements / cycle)")
    if has_error:
        right = fig.add_subplot(1, 2, 2)
        scatter_with_front(right, rows, "elements_per_cycle", "trace_linf", False, True, axes)
        right.set_yscale("log")
        right.set_xlabel("throughput (elements / cycle)")
        right.set_ylabel("Linf error on the trace's inputs in (a, b)")


def plot_simt(rows, fig):
    ax = fig.add_subplot(1, 1, 1)
    axes = varying_axes(rows)
    rows = sorted(rows, key=lambda r: float(r["elements_per_cycle"]))
    ax.barh(range(len(rows)), [float(r["elements_per_cycle"]) for r in rows], color="tab:blue")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([label(r, axes) for r in rows], fontsize=7)
    ax.set_xlabel("throughput (elements / cycle)")
    ax.grid(True, alpha=0.3, axis="x")


def plot_ppa(rows, fig):
    ax = fig.add_subplot(1, 1, 1)
    scatter_with_front(ax, rows, "total_um2", "fmax_mhz", True, False, varying_axes(rows))
    ax.set_xscale("log")
    ax.set_xlabel("area, logic and table (um^2, NanGate45)")
    ax.set_ylabel("Fmax (MHz)")


PLOTS = {"table": plot_table, "simd": plot_simd, "simt": plot_simt, "ppa": plot_ppa}


def main(summary, out):
    with open(summary, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "done"]
    kind = rows[0]["kind"] if rows else None
    if kind not in PLOTS:
        print(f"no plot for this sweep ({kind or 'no results'})")
        return 0
    fig = plt.figure(figsize=(12 if kind == "simd" else 8, 5))
    PLOTS[kind](rows, fig)
    fig.suptitle(f"interpsim sweep ({kind}): {os.path.dirname(os.path.abspath(summary))}",
                 fontsize=9)
    fig.tight_layout()
    tmp = out + ".tmp.png"
    fig.savefig(tmp, dpi=120)
    replace_output(tmp, out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: sweep_plot.py SUMMARY.csv OUT.png")
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
