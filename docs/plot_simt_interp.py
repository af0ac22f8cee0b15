#!/usr/bin/python3
"""The hardware INTERP unit on the SIMT model: speedup over native GELU and
over software Algorithm 1 on V100 and H100, and how it scales with the INTERP
lanes per scheduler (docs/results/simt-interp.md).

Usage (from the repository root; /usr/bin/python3 has matplotlib):
    /usr/bin/python3 docs/plot_simt_interp.py [--interpsim build/sim/interpsim]
Writes docs/results/simt-interp.csv and docs/results/simt-interp.png.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANES = [1, 2, 4, 8, 16, 32]
GPUS = ["v100", "h100"]
MEMORIES = ["dram", "fused"]


def simulate(interpsim, gpu, memory, kernel, lanes=0):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        path = handle.name
    try:
        subprocess.run(
            [interpsim, "simt", "--config", os.path.join(ROOT, "configs", gpu + ".ini"),
             "--kernel", kernel, "--func", "gelu", "--segments", "4096",
             "--element_memory", memory, "--interp_lanes_per_scheduler", str(lanes),
             "--json", path],
            check=True, stdout=subprocess.DEVNULL)
        with open(path) as stats:
            return json.load(stats)
    finally:
        os.unlink(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interpsim", default=os.path.join(ROOT, "build", "sim", "interpsim"))
    args = parser.parse_args()
    rows = []
    for gpu in GPUS:
        for memory in MEMORIES:
            base = {k: simulate(args.interpsim, gpu, memory, k)["time_ms"]
                    for k in ["native_gelu_normcdf", "alg1_global", "alg1_shared"]}
            for lanes in LANES:
                stats = simulate(args.interpsim, gpu, memory, "interp", lanes)
                assert stats["mismatches"] == 0 and stats["checked"]
                t = stats["time_ms"]
                rows.append({
                    "gpu": gpu, "element_memory": memory, "interp_lanes": lanes,
                    "interp_ms": t, "native_gelu_ms": base["native_gelu_normcdf"],
                    "alg1_global_ms": base["alg1_global"], "alg1_shared_ms": base["alg1_shared"],
                    "speedup_vs_native": base["native_gelu_normcdf"] / t,
                    "speedup_vs_alg1_global": base["alg1_global"] / t,
                    "speedup_vs_alg1_shared": base["alg1_shared"] / t,
                    "interp_utilization": stats["utilization"]["interp"],
                    "dram_utilization": stats["utilization"]["dram"],
                })
                print(",".join(str(v) for v in rows[-1].values()), flush=True)
    out_csv = os.path.join(ROOT, "docs", "results", "simt-interp.csv")
    with open(out_csv, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=False)
    for ax, memory in zip(axes, MEMORIES):
        for gpu, color in zip(GPUS, ["tab:blue", "tab:red"]):
            sel = [r for r in rows if r["gpu"] == gpu and r["element_memory"] == memory]
            ax.plot(LANES, [r["speedup_vs_native"] for r in sel], "o-", color=color,
                    label=f"{gpu}: vs native GELU (normcdf)")
            ax.plot(LANES, [r["speedup_vs_alg1_global"] for r in sel], "s--", color=color,
                    label=f"{gpu}: vs software Algorithm 1 (global)")
        ax.set_xscale("log", base=2)
        ax.set_xticks(LANES)
        ax.set_xticklabels([str(v) for v in LANES])
        ax.set_xlabel("INTERP lanes per warp scheduler")
        ax.set_ylabel("speedup of the INTERP kernel")
        ax.axhline(1.0, color="gray", lw=0.8)
        title = {"dram": "elements from DRAM (5M floats, one pass)",
                 "fused": "elements in registers (fused epilogue)"}[memory]
        ax.set_title(title, fontsize=10)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("SIMT model: hardware INTERP (GELU, 4096 segments) vs native and software lookups")
    fig.tight_layout()
    fig.savefig(os.path.join(ROOT, "docs", "results", "simt-interp.png"), dpi=110)
    print("wrote", out_csv)


if __name__ == "__main__":
    main()
