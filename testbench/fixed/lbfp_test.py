#!/usr/bin/python3
"""LBFP8 through `interpsim calibrate --format lbfp8` (docs/design.md section
12), against an encoder written here from the definition.

usage: lbfp_test.py INTERPSIM WORKDIR

- The decoded trace equals this script's encoding of the same values (block
  max exponent, log-domain rounding to sixteenths of an octave, saturation,
  flush to zero) decoded and rounded to float32, element for element.
- A distribution with a known best offset: blocks of one large value (~1000)
  and fifteen small ones (0.5..1). max keeps E at the large value and flushes
  the small ones; kl must choose offset 5, the smallest that keeps all of
  them (16 * (E - offset - log2 0.5) <= 126 with E = 11 for values above
  1024), which saturates the large ones least, with a far smaller mean
  relative error.
- Bad input: a NaN in a trace to encode; --block 0; --func with lbfp8."""
import json
import math
import os

import numpy as np

import testlib
from testlib import WORK, check, finish

def run(*args):
    return testlib.run("calibrate", *args)


def reference(values, block, offset):
    """Encode and decode by the definition; returns float32 values and the
    indices whose log-domain step sits within 1e-9 of a rounding tie."""
    out = np.zeros(len(values), dtype=np.float32)
    ties = set()
    for start in range(0, len(values), block):
        chunk = [float(v) for v in values[start:start + block]]
        largest = max(abs(v) for v in chunk)
        if largest == 0:
            continue
        e = math.ceil(math.log2(largest))
        while 2.0 ** e < largest:
            e += 1
        e = max(-128, min(127, e)) - offset
        e = max(-128, e)
        for i, v in enumerate(chunk):
            if v == 0:
                continue
            steps = 16 * (e - math.log2(abs(v)))
            if steps <= 0:
                code = 0
            else:
                if abs(steps - math.floor(steps) - 0.5) < 1e-9:
                    ties.add(start + i)
                code = round(steps)  # half to even, as the definition
            if code >= 127:
                continue  # zero
            out[start + i] = math.copysign(2.0 ** (e - code / 16), v)
    return out, ties


rng = np.random.default_rng(11)
# Mixed magnitudes over many octaves, signs, zeros and a ragged last block.
values = (rng.standard_normal(5003) * np.exp2(rng.uniform(-12, 6, 5003))).astype(np.float32)
values[::97] = 0
trace = os.path.join(WORK, "mixed.npy")
np.save(trace, values)
for block, method in ((16, "max"), (7, "max"), (16, "kl")):
    decoded, js = os.path.join(WORK, "dec.npy"), os.path.join(WORK, "mixed.json")
    r = run("--in", trace, "--format", "lbfp8", "--block", str(block), "--method", method,
            "--decoded", decoded, "--json", js)
    check(r.returncode == 0, f"block {block} {method}: {r.stderr}")
    offset = json.load(open(js))["offset"]
    got = np.load(decoded)
    want, ties = reference(values, block, offset)
    bad = [i for i in range(len(values)) if got[i] != want[i] and i not in ties]
    check(not bad, f"block {block} {method} offset {offset}: {len(bad)} elements differ, first "
          f"{[(i, float(values[i]), float(got[i]), float(want[i])) for i in bad[:3]]}")

# The known best offset.
blocks = []
for _ in range(500):
    small = rng.uniform(0.5, 1.0, 15) * rng.choice([-1.0, 1.0], 15)
    blocks.append(np.concatenate([[rng.uniform(900, 1100)], small]))
outliers = np.concatenate(blocks).astype(np.float32)
trace = os.path.join(WORK, "outliers.npy")
np.save(trace, outliers)
result = {}
for method in ("max", "kl"):
    js = os.path.join(WORK, f"out-{method}.json")
    r = run("--in", trace, "--format", "lbfp8", "--method", method, "--json", js)
    check(r.returncode == 0, f"outliers {method}: {r.stderr}")
    result[method] = json.load(open(js))
check(result["max"]["offset"] == 0 and result["max"]["flushed"] == 7500,
      f"max: offset {result['max']['offset']}, flushed {result['max']['flushed']} (7500 small)")
check(result["kl"]["offset"] == 5 and result["kl"]["flushed"] == 0,
      f"kl: offset {result['kl']['offset']}, flushed {result['kl']['flushed']} (expected 5, 0)")
check(result["kl"]["mean_relative_error"] < 0.1 * result["max"]["mean_relative_error"],
      f"kl error {result['kl']['mean_relative_error']} vs max {result['max']['mean_relative_error']}")

# Bad input.
nan = os.path.join(WORK, "nan.npy")
np.save(nan, np.array([1.0, np.nan, 2.0], dtype=np.float32))
never = os.path.join(WORK, "never.npy")
for args, expected in ((["--in", nan, "--decoded", never], "element 1"),
                       (["--in", trace, "--block", "0", "--decoded", never], "--block"),
                       (["--in", trace, "--func", "gelu", "--decoded", never], "--func")):
    r = run(*args, "--format", "lbfp8")
    check(r.returncode == 2 and len(r.stderr.splitlines()) == 1 and expected in r.stderr,
          f"bad {args}: {r.returncode} {r.stderr!r}")
    check(not os.path.exists(never), f"bad {args}: wrote {never}")

finish()
