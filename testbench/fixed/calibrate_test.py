#!/usr/bin/python3
"""interpsim calibrate through the binary (docs/design.md section 12).

usage: calibrate_test.py INTERPSIM WORKDIR

- A distribution with a known best clipping threshold: 200,000 values uniform
  on [-1, 1] and 0.1% outliers at +-8. The KL threshold must land at the edge
  of the bulk (within [0.95, 1.1]) where max calibration takes 8; the
  fractional bits follow (the most that hold T in the width, recomputed here).
- The threshold is the one that minimizes KL among the candidates: its KL,
  recomputed here in numpy from the definition, is no larger than that of
  thresholds 5% and 20% either side.
- --func writes a table whose header carries that fx, readable by eval.
- Bad input: no finite value, kl for int32, --out without --func: one line,
  exit 2, nothing written."""
import json
import os

import numpy as np

import testlib
from testlib import WORK, check, finish

def run(*args):
    return testlib.run("calibrate", *args)


def kl_at(values, threshold, levels=128, bins=2048):
    """KL(P || Q) of the histogram clipped at `threshold`, as docs/design.md
    and model/calibrate.hpp define it, written here again in numpy."""
    mags = np.abs(values[np.isfinite(values)]).astype(np.float64)
    width = mags.max() / bins
    hist = np.bincount(np.minimum((mags / width).astype(np.int64), bins - 1),
                       minlength=bins).astype(np.float64)
    count = int(round(threshold / width))
    p = hist[:count].copy()
    p[-1] += hist[count:].sum()
    q = np.zeros(count)
    for level in range(levels):
        lo, hi = level * count // levels, (level + 1) * count // levels
        nonzero = p[lo:hi] != 0
        if nonzero.any():
            q[lo:hi][nonzero] = hist[lo:hi].sum() / nonzero.sum()  # no clipped mass

    def smooth(d):
        total, empty = d.sum(), (d == 0).sum()
        eps = 1e-4 * total / len(d)
        d = np.where(d == 0, eps, d - eps * empty / (len(d) - empty))
        return d / total
    p, q = smooth(p), smooth(q)
    return float(np.sum(p * np.log(p / q)))


rng = np.random.default_rng(3)
bulk = rng.uniform(-1.0, 1.0, 200000)
outliers = rng.choice([-8.0, 8.0], 200)
values = np.concatenate([bulk, outliers]).astype(np.float32)
trace = os.path.join(WORK, "cal.npy")
np.save(trace, values)

results = {}
for method in ("kl", "max"):
    js = os.path.join(WORK, f"{method}.json")
    r = run("--in", trace, "--format", "int8", "--method", method, "--json", js)
    check(r.returncode == 0, f"{method}: {r.stderr}")
    results[method] = json.load(open(js))
kl, mx = results["kl"], results["max"]
check(mx["threshold"] == 8.0, f"max threshold {mx['threshold']}")
check(0.95 <= kl["threshold"] <= 1.1, f"kl threshold {kl['threshold']} (bulk edge 1.0)")
for result in (kl, mx):
    expected = max(f for f in range(-40, 40) if result["threshold"] * 2 ** f <= 127)
    check(result["fx"] == expected, f"{result['method']}: fx {result['fx']}, expected {expected}")
for result in (kl, mx):
    clipped = int(np.sum(np.abs(values.astype(np.float64)) > result["threshold"]))
    check(result["clipped"] == clipped, f"{result['method']}: clipped {result['clipped']}, "
          f"counted {clipped}")
here = kl_at(values, kl["threshold"])
check(abs(here - kl["kl"]) <= 1e-6 + 1e-6 * here, f"KL at T: {kl['kl']} reported, {here} here")
for factor in (0.8, 0.95, 1.05, 1.2):
    other = kl_at(values, kl["threshold"] * factor)
    check(here <= other + 1e-12, f"KL at T ({here}) above KL at {factor} T ({other})")

# A table at the calibrated fx.
tbl = os.path.join(WORK, "gelu8.tbl")
r = run("--in", trace, "--format", "int8", "--func", "gelu", "--segments", "16", "--out", tbl)
check(r.returncode == 0 and f"fx={kl['fx']}" in open(tbl).read().splitlines()[1],
      f"table at fx: {r.stdout} {r.stderr}")

# Bad input.
nan = os.path.join(WORK, "nan.npy")
np.save(nan, np.full(8, np.nan, dtype=np.float32))
never = os.path.join(WORK, "never.json")
for args, expected in (
        (["--in", nan, "--format", "int8", "--json", never], "nan.npy: no finite value"),
        (["--in", trace, "--format", "int32", "--method", "kl", "--json", never], "--method"),
        (["--in", trace, "--format", "int8", "--out", never], "--out"),
        (["--in", trace, "--format", "int12", "--json", never], "--format")):
    r = run(*args)
    check(r.returncode == 2 and len(r.stderr.splitlines()) == 1 and expected in r.stderr,
          f"bad {args}: {r.returncode} {r.stderr!r}")
    check(not os.path.exists(never), f"bad {args}: wrote {never}")

finish()
