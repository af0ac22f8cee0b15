#!/usr/bin/python3
"""Sweeps the SIMD array (interpsim simd, cycle-model lanes) over lanes,
table organizations and lookup designs, and plots elements per cycle.

    /usr/bin/python3 docs/plot_simd.py --interpsim build/sim/interpsim \
        --csv docs/results/simd.csv --out docs/results/simd.png > docs/results/simd-table.md

Every point is one `interpsim simd --json` run on the built-in BERT-FFN-like
GELU trace (GELU, 4096 segments); memory bandwidth is ample (8 bytes per lane
per cycle) so the lanes and the table organization set the throughput.
"""
import argparse
import csv
import json
import os
import subprocess
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LANES = [1, 2, 4, 8, 16, 32, 64, 128, 256]
SERIES = [
    ("uniform, private", dict(design="uniform", table_org="private")),
    ("uniform, multiport R=4", dict(design="uniform", table_org="multiport", read_ports=4)),
    ("uniform, banked B=4", dict(design="uniform", table_org="banked", banks=4)),
    ("uniform, banked B=16", dict(design="uniform", table_org="banked", banks=16)),
    ("uniform, banked B=64", dict(design="uniform", table_org="banked", banks=64)),
    ("bsearch pipelined, private", dict(design="bsearch", bsearch_variant="pipelined",
                                        table_org="private")),
    ("bsearch iterative, private", dict(design="bsearch", bsearch_variant="iterative",
                                        table_org="private")),
]


def run(interpsim, lanes, options, elements):
    with tempfile.TemporaryDirectory() as folder:
        stats_path = os.path.join(folder, "stats.json")
        command = [interpsim, "simd", "--lane_impl", "model", "--lanes", str(lanes),
                   "--segments", "4096", "--func", "gelu",
                   "--memory_bytes_per_cycle", str(8 * lanes), "--trace_count", str(elements),
                   "--json", stats_path]
        for key, value in options.items():
            command += ["--" + key, str(value)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1"))
        with open(stats_path) as stats_file:
            return json.load(stats_file)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interpsim", default="build/sim/interpsim")
    parser.add_argument("--elements", type=int, default=262144)
    parser.add_argument("--csv", default="docs/results/simd.csv")
    parser.add_argument("--out", default="docs/results/simd.png")
    args = parser.parse_args()

    rows = []
    for name, options in SERIES:
        for lanes in LANES:
            stats = run(args.interpsim, lanes, options, args.elements)
            assert stats["mismatches"] == 0, (name, lanes)
            lane_cycles = stats["cycles"] * lanes
            rows.append(dict(series=name, lanes=lanes, cycles=stats["cycles"],
                             elements_per_cycle=stats["elements_per_cycle"],
                             lane_utilization=stats["lane_utilization"],
                             conflict_share=stats["stalls"]["table_conflict"] / lane_cycles,
                             table_reads=stats["table_reads"],
                             bank_conflicts=stats["bank_conflicts"]))
    with open(args.csv, "w", newline="") as csv_file:
        writer = csv.DictWriter(csv_file, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)

    figure, axis = plt.subplots(figsize=(8, 5))
    for name, _ in SERIES:
        points = [row for row in rows if row["series"] == name]
        axis.plot([p["lanes"] for p in points], [p["elements_per_cycle"] for p in points],
                  marker="o", label=name)
    axis.plot(LANES, LANES, color="grey", linestyle=":", label="ideal (L per cycle)")
    axis.set_xscale("log", base=2)
    axis.set_yscale("log", base=2)
    axis.set_xlabel("lanes L")
    axis.set_ylabel("elements per cycle")
    axis.set_title("SIMD array, GELU 4096 segments, BERT-FFN-like trace")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(args.out, dpi=120)

    # Markdown table: elements per cycle, one column per series.
    print("| lanes | " + " | ".join(name for name, _ in SERIES) + " |")
    print("|---:|" + "---:|" * len(SERIES))
    for lanes in LANES:
        cells = [f"{row['elements_per_cycle']:.2f}" for name, _ in SERIES
                 for row in rows if row["series"] == name and row["lanes"] == lanes]
        print(f"| {lanes} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
