#!/usr/bin/python3
"""Fixed-point tables through the binary (docs/design.md section 12, "Fixed
point"), against an exact reference written here with Python's fractions.

usage: fixed_point_test.py INTERPSIM WORKDIR

- `interpsim table --format int8|int16|int32` writes a .tbl; this script reads
  it itself and evaluates y = round((x * K + B) * 2^fy) as an exact rational,
  to nearest even and stochastically (the xorshift32 stream of the design
  doc), saturated to the width; `interpsim eval` must give the same integers
  for every int8 and int16 input and for random and corner int32 inputs;
- the generator's scales are the most precise that fit: one more fractional
  bit of K or B would overflow the width;
- the error `table --json` reports equals the one computed here;
- bad input: one line, exit 2, no output."""
import json
import os
import random

import numpy as np

from fixed_reference import REFERENCE, WIDTH, Xorshift32, read_tbl, reference_eval
from testlib import WORK, check, finish, run

RECOMPUTED = {}  # (func, format, segments) -> Linf computed here
DTYPE = {"int8": np.int8, "int16": np.int16, "int32": np.int32}


def eval_binary(tbl, fmt, q, *extra):
    xin, yout = os.path.join(WORK, "x.npy"), os.path.join(WORK, "y.npy")
    np.save(xin, np.array(q, dtype=DTYPE[fmt]))
    r = run("eval", "--table", tbl, "--in", xin, "--out", yout, *extra)
    check(r.returncode == 0, f"eval {tbl}: {r.stderr}")
    y = np.load(yout)
    check(y.dtype == DTYPE[fmt], f"eval {tbl}: output dtype {y.dtype}")
    return [int(v) for v in y]


def inputs_of(fmt, rng):
    width = WIDTH[fmt]
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    if width <= 16:
        return list(range(lo, hi + 1))
    corners = [lo, lo + 1, -1, 0, 1, hi - 1, hi]
    return corners + [rng.randint(lo, hi) for _ in range(20000)]


def check_table(func, fmt, segments, rng):
    tbl = os.path.join(WORK, f"{func}-{fmt}-{segments}.tbl")
    js = tbl + ".json"
    r = run("table", "--func", func, "--segments", str(segments), "--format", fmt, "--out", tbl,
            "--json", js)
    check(r.returncode == 0, f"table {func} {fmt} {segments}: {r.stderr}")
    if r.returncode != 0:
        return
    t = read_tbl(tbl)
    name = f"{func} {fmt} N={segments}"
    # The most precise scales that fit: one more bit of K or B overflows.
    limit = (1 << (t["width"] - 1)) - 1
    for column, key in ((0, "fk"), (1, "fb")):
        largest = max(abs(row[column]) for row in t["rows"])
        check(largest <= limit and (2 * largest + 1 > limit or t[key] == 64),
              f"{name}: {key}={t[key]} leaves bits unused (largest entry {largest})")
    q = inputs_of(fmt, rng)
    got = eval_binary(tbl, fmt, q)
    want = [reference_eval(t, v) for v in q]
    bad = [(v, g, w) for v, g, w in zip(q, got, want) if g != w]
    check(not bad, f"{name} rne: {len(bad)} of {len(q)} differ, first {bad[:3]}")
    seed = 12345
    got = eval_binary(tbl, fmt, q[:4096], "--rounding", "stochastic", "--seed", str(seed))
    stream = Xorshift32(seed)
    want = [reference_eval(t, v, stream) for v in q[:4096]]
    bad = [(v, g, w) for v, g, w in zip(q, got, want) if g != w]
    check(not bad, f"{name} stochastic: {len(bad)} of 4096 differ, first {bad[:3]}")
    # The reported error: every input inside (a, b) for 8 and 16 bits.
    if t["width"] <= 16:
        result = json.load(open(js))
        ref = REFERENCE[func]
        lo = max(t["qa"] + 1, -(1 << (t["width"] - 1)))
        hi = min(t["qa"] + (1 << (t["m"] + t["fx"])) - 1, (1 << (t["width"] - 1)) - 1)
        linf = max(abs(reference_eval(t, v) / 2 ** t["fy"] - ref(v / 2 ** t["fx"]))
                   for v in range(lo, hi + 1))
        RECOMPUTED[(func, fmt, segments)] = linf
        check(result["error"]["samples"] == hi - lo + 1, f"{name}: samples")
        check(abs(result["error"]["linf"] - linf) <= 1e-12 + 1e-9 * linf,
              f"{name}: Linf {result['error']['linf']} reported, {linf} recomputed")


def check_bad_input():
    good = os.path.join(WORK, "gelu-int16-64.tbl")
    text = open(good).read()
    header, rows = text.split("\n", 2)[1], text.split("\n", 2)[2]
    bad_tables = {
        "fx=99": header.replace("fx=12", "fx=99"),
        "m + fx": header.replace("m=3", "m=-10"),
        "unknown header key": header + " bogus=1",
        "bad value format": header.replace("format=int16", "format=int12"),
    }
    for expected, line in bad_tables.items():
        path = os.path.join(WORK, "bad.tbl")
        with open(path, "w") as f:
            f.write("// interp-table v1\n" + line + "\n" + rows)
        out = os.path.join(WORK, "bad-out.npy")
        if os.path.exists(out):
            os.remove(out)
        np.save(os.path.join(WORK, "x16.npy"), np.zeros(4, dtype=np.int16))
        r = run("eval", "--table", path, "--in", os.path.join(WORK, "x16.npy"), "--out", out)
        check(r.returncode == 2 and len(r.stderr.splitlines()) == 1 and "bad.tbl:2:" in r.stderr
              and expected in r.stderr, f"bad header {expected}: {r.returncode} {r.stderr!r}")
        check(not os.path.exists(out), f"bad header {expected}: wrote an output")
    # A trace of the wrong integer width.
    np.save(os.path.join(WORK, "x8.npy"), np.zeros(4, dtype=np.int8))
    out = os.path.join(WORK, "bad-out.npy")
    r = run("eval", "--table", good, "--in", os.path.join(WORK, "x8.npy"), "--out", out)
    check(r.returncode == 2 and "x8.npy" in r.stderr and "'<i2'" in r.stderr and
          len(r.stderr.splitlines()) == 1, f"wrong dtype: {r.returncode} {r.stderr!r}")
    check(not os.path.exists(out), "wrong dtype: wrote an output")
    # An interval a fixed width cannot hold, and segments narrower than one step.
    for args, expected in ((["--func", "exp", "--a", "-16", "--m", "4", "--segments", "16",
                             "--format", "int8", "--fx", "5"], "--fx"),
                           (["--func", "gelu", "--segments", "65536", "--format", "int16"],
                            "m + fx >= n")):
        out = os.path.join(WORK, "never.tbl")
        r = run("table", *args, "--out", out)
        check(r.returncode == 2 and len(r.stderr.splitlines()) == 1 and expected in r.stderr,
              f"table {args}: {r.returncode} {r.stderr!r}")
        check(not os.path.exists(out), f"table {args}: wrote {out}")


rng = random.Random(7)
for func in ("gelu", "exp", "tanh", "sigmoid"):
    for fmt in ("int8", "int16", "int32"):
        for segments in (16, 64):
            check_table(func, fmt, segments, rng)
check_bad_input()

# compare --format intW: its rows' Linf equal the ones recomputed above.
for fmt in ("int8", "int16"):
    csv_path = os.path.join(WORK, f"compare-{fmt}.csv")
    r = run("compare", "--func", "gelu", "--format", fmt, "--csv", csv_path)
    check(r.returncode == 0, f"compare --format {fmt}: {r.stderr}")
    rows = {int(line.split(",")[3]): line.split(",") for line in open(csv_path).read().split()[1:]}
    for segments in (16, 64):
        want = RECOMPUTED.get(("gelu", fmt, segments))
        got = float(rows[segments][7]) if segments in rows else None
        check(want is not None and got is not None and abs(got - want) <= 1e-8 * want + 1e-12,  # the CSV has 9 digits
              f"compare {fmt} N={segments}: Linf {got}, recomputed {want}")
finish()
