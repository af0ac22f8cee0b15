#!/usr/bin/python3
"""Error per table bit: the value LUT against Algorithm 1's {K, B} table.

  value_lut_report.py INTERPSIM [FUNC ...]

Runs `INTERPSIM compare --func FUNC --csv` (default functions: gelu sigmoid
tanh exp silu) and prints a Markdown table: for each segment count N, the
uniform table's and the value LUT's Linf and memory (the same N breakpoints,
docs/design.md section 4) and the value LUT's Linf at the uniform table's
memory. Both errors fall as memory^-2 (second-order interpolation), so a
design's Linf at memory M is Linf * (memory / M)^2; the last column is
uniform Linf / value Linf at equal memory (> 1: the value LUT is more
accurate per table bit).
"""
import csv
import os
import subprocess
import sys
import tempfile

FUNCS = ["gelu", "sigmoid", "tanh", "exp", "silu"]


def rows_of(interpsim, func):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "compare.csv")
        subprocess.run([interpsim, "compare", "--func", func, "--csv", path], check=True,
                       stdout=subprocess.DEVNULL)
        with open(path) as f:
            return list(csv.DictReader(f))


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    interpsim, funcs = sys.argv[1], sys.argv[2:] or FUNCS
    print("| function | N | uniform Linf | uniform bytes | value Linf | value bytes "
          "| value Linf at uniform's bytes | uniform / value at equal memory |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for func in funcs:
        rows = rows_of(interpsim, func)
        by = {(r["design"], r["segments"]): r for r in rows}
        for (design, n), uni in sorted(by.items(), key=lambda kv: int(kv[0][1])
                                       if kv[0][1].isdigit() else 0):
            if design != "uniform" or ("value", n) not in by:
                continue
            val = by[("value", n)]
            u_linf, v_linf = float(uni["linf"]), float(val["linf"])
            u_mem, v_mem = int(uni["memory_bytes"]), int(val["memory_bytes"])
            v_at_u = v_linf * (v_mem / u_mem) ** 2
            print(f"| {func} | {n} | {u_linf:.3e} | {u_mem} | {v_linf:.3e} | {v_mem} "
                  f"| {v_at_u:.3e} | {u_linf / v_at_u:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
