#!/usr/bin/python3
"""Plot of the SIMT model against a real GPU: the `gpu_measurements` of
`interpsim paper --json` (docs/results/gpu-<name>.csv beside the prediction
for configs/<name>.ini; docs/gpu_ref.md, "Running on a lent GPU").

One panel per GPU: each kernel's measured time (x) against the model's (y),
log-log, one marker per harness (one_pass, launches, small_grid), the
diagonal and the +-15 % band (Accel-Sim's usual error). The kernels furthest
outside the band are labelled. Prints one line per GPU and harness: kernels,
median |error|, kernels within 15 %.

usage: gpu_compare_plot.py PAPER.json OUT.png
Exit 0 and 'wrote OUT.png'; 2 on bad input (one line naming the file and the
entry); 3 when matplotlib is missing."""
import json
import os
import statistics
import sys
import tempfile

from output_file import replace_output

MARKERS = {"one_pass": "o", "launches": "s", "small_grid": "^"}
BAND = 0.15


def fail(message):
    print(f"gpu_compare_plot.py: {message}", file=sys.stderr)
    sys.exit(2)


def compared_rows(path):
    """{gpu: [row with measured_ms, predicted_ms, ...]} from the paper JSON."""
    try:
        with open(path, encoding="utf-8") as f:
            paper = json.load(f)
    except (OSError, ValueError) as error:
        fail(f"{path}: {error}")
    if not isinstance(paper, dict) or not isinstance(paper.get("gpu_measurements"), list):
        fail(f"{path}: no gpu_measurements list (expected `interpsim paper --json` output)")
    by_gpu = {}
    for i, item in enumerate(paper["gpu_measurements"]):
        rows = []
        for j, row in enumerate(item.get("rows", [])):
            if "predicted_ms" not in row:
                continue
            try:
                measured, predicted = float(row["measured_ms"]), float(row["predicted_ms"])
                name = f"{row['kernel']} {row['function']} {row['segments']}"
                harness = str(row.get("harness", "one_pass"))
            except (KeyError, TypeError, ValueError) as error:
                fail(f"{path}: gpu_measurements[{i}].rows[{j}]: {error!r}")
            if measured <= 0 or predicted <= 0:
                fail(f"{path}: gpu_measurements[{i}].rows[{j}]: times must be positive")
            rows.append({"name": name, "harness": harness, "measured": measured,
                         "predicted": predicted, "error": (predicted - measured) / measured})
        if rows:
            by_gpu[str(item.get("gpu", f"gpu {i}"))] = rows
    if not by_gpu:
        fail(f"{path}: no predicted GPU measurements to plot")
    return by_gpu


def summary_lines(by_gpu):
    lines = []
    for gpu, rows in by_gpu.items():
        for harness in sorted({r["harness"] for r in rows}):
            errors = [abs(r["error"]) for r in rows if r["harness"] == harness]
            within = sum(e <= BAND for e in errors)
            lines.append(f"{gpu} {harness}: {len(errors)} kernels, median |error| "
                         f"{100 * statistics.median(errors):.1f} %, {within} within 15 %")
    return lines


def main():
    if len(sys.argv) != 3:
        fail("usage: gpu_compare_plot.py PAPER.json OUT.png")
    source, out = sys.argv[1], sys.argv[2]
    by_gpu = compared_rows(source)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (apt-get install python3-matplotlib)")
        sys.exit(3)

    figure, axes = plt.subplots(1, len(by_gpu), figsize=(6.2 * len(by_gpu), 5.6), squeeze=False)
    for ax, (gpu, rows) in zip(axes[0], by_gpu.items()):
        values = [r["measured"] for r in rows] + [r["predicted"] for r in rows]
        low, high = min(values) / 1.5, max(values) * 1.5
        ax.plot([low, high], [low, high], color="black", linewidth=0.8, label="model = GPU")
        ax.fill_between([low, high], [low * (1 - BAND), high * (1 - BAND)],
                        [low * (1 + BAND), high * (1 + BAND)], color="tab:green", alpha=0.15,
                        label="+-15 %")
        for harness in sorted({r["harness"] for r in rows}):
            mine = [r for r in rows if r["harness"] == harness]
            ax.scatter([r["measured"] for r in mine], [r["predicted"] for r in mine],
                       marker=MARKERS.get(harness, "x"), label=harness, s=28)
        labelled = []
        for r in sorted(rows, key=lambda r: -abs(r["error"]))[:6]:
            near = any(abs(r["measured"] / q["measured"] - 1) < 0.05 and
                       abs(r["predicted"] / q["predicted"] - 1) < 0.05 for q in labelled)
            if abs(r["error"]) > BAND and not near:
                labelled.append(r)
                ax.annotate(f"{r['name']} ({100 * r['error']:+.0f} %)",
                            (r["measured"], r["predicted"]), fontsize=7,
                            xytext=(4, 4), textcoords="offset points")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(low, high)
        ax.set_ylim(low, high)
        ax.set_xlabel(f"measured on {gpu} (ms, gpu_bench median)")
        ax.set_ylabel(f"SIMT model, configs/{gpu}.ini (ms)")
        ax.set_title(f"{gpu}: model against the GPU, {len(rows)} kernels")
        ax.legend(fontsize=8, loc="upper left")
    figure.tight_layout()

    for line in summary_lines(by_gpu):
        print(line)
    folder = os.path.dirname(os.path.abspath(out))
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".png", delete=False) as temporary:
        name = temporary.name
    try:
        figure.savefig(name, dpi=120)
        replace_output(name, out)
    except BaseException:
        if os.path.exists(name):
            os.remove(name)
        raise
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
