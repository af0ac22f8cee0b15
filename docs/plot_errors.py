#!/usr/bin/python3
"""Draws the paper's Figs. 5-8 for exp, tanh, sigmoid and GELU: each function
with its 8- and 32-segment fits (top) and the absolute errors (bottom).

The curves are the golden model's own float32 outputs, written by
testbench/model/error_table:

    build-model/testbench/model/error_table --curves build-model/curves > /dev/null
    /usr/bin/python3 docs/plot_errors.py --curves build-model/curves \
        --out docs/results/fits.png
"""
import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

FUNCTIONS = [("exp", "exp, [-16, 0]"), ("tanh", "tanh, [-4, 4]"),
             ("sigmoid", "sigmoid, [-8, 8]"), ("gelu", "GELU, [-5, 3]")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curves", default="build-model/curves",
                        help="folder with <func>_curves.csv from error_table --curves")
    parser.add_argument("--out", default="docs/results/fits.png", help="PNG to write")
    args = parser.parse_args()

    figure, axes = plt.subplots(2, len(FUNCTIONS), figsize=(14, 6.2),
                                gridspec_kw={"height_ratios": [2, 1]})
    for column, (name, title) in enumerate(FUNCTIONS):
        path = os.path.join(args.curves, name + "_curves.csv")
        data = np.genfromtxt(path, delimiter=",", names=True)
        top, bottom = axes[0, column], axes[1, column]
        top.plot(data["x"], data["f"], color="black", linewidth=2.2, label="float64 f(x)")
        top.plot(data["x"], data["fit8"], color="tab:red", linewidth=1.1, label="8 segments")
        top.plot(data["x"], data["fit32"], color="tab:blue", linewidth=1.1, linestyle="--",
                 label="32 segments")
        top.set_title(title)
        top.grid(alpha=0.3)
        for fit, color in (("fit8", "tab:red"), ("fit32", "tab:blue")):
            error = np.abs(data[fit] - data["f"])
            bottom.semilogy(data["x"], np.maximum(error, 1e-12), color=color, linewidth=1.0)
        bottom.set_xlabel("x")
        bottom.set_ylim(1e-7, 1)
        bottom.grid(alpha=0.3, which="both")
    axes[0, 0].legend(loc="upper left", fontsize=8)
    axes[1, 0].set_ylabel("|fit - f|")
    figure.suptitle("Algorithm 1 chord tables (golden model outputs), 8 and 32 segments")
    figure.tight_layout()
    tmp = args.out + ".tmp.png"
    figure.savefig(tmp, dpi=80)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
