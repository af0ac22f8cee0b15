#!/usr/bin/python3
"""LBFP8 as an input format of the unit (docs/design.md section 12, "Decision
(LBFP8 input to the unit)"), through the binary, against a reference written
here from the definitions.

usage: lbfp_input_test.py INTERPSIM WORKDIR

- `calibrate --format lbfp8 --codes C.npy` writes the encoded trace: a '|u1'
  array (blocks, 1 + B), each row the block exponent's byte and the elements;
  they equal an encoder written here (max exponent, offset 0);
- `eval --in-format lbfp8` with an int8/int16 table: every element decoded
  here (its own antilog table's entry M[k] times 2^(E + fx - 16 - q), rounded
  once to nearest even with no shift limit, then saturated), then fixed_reference.reference_eval (exact rationals); the
  outputs must be equal for every one of the 256 codes at every block
  exponent that matters, and a real trace's;
- the decoded x is within its bound of the exact LBFP8 value;
- `table --in-format lbfp8` reports the sample count and Linf recomputed here
  over every (element, exponent) whose exact value is in (a, b);
- bad input: one line naming the option or file, exit 2, no output."""
import math
import os
from fractions import Fraction

import numpy as np

from fixed_reference import REFERENCE, read_tbl, reference_eval
from testlib import WORK, check, finish, run

ANTILOG = [round(2 ** 16 * 2 ** (-k / 16)) for k in range(16)]  # no entry near a tie


def decode_fixed(code, exponent, fx, width):
    """One rounding of the antilog entry: (-1)^s M[k] 2^(E + fx - 16 - q), to
    nearest even, saturated; 0 for L = 127."""
    level = code & 0x7F
    if level == 127:
        return 0
    q, k = level >> 4, level & 15
    exact = Fraction(ANTILOG[k]) * Fraction(2) ** (exponent + fx - 16 - q)
    value = round(-exact if code & 0x80 else exact)  # Fraction rounds half to even
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    return min(max(value, lo), hi)


def exact_value(code, exponent):
    level = code & 0x7F
    if level == 127:
        return 0.0
    return (-1.0 if code & 0x80 else 1.0) * 2.0 ** (exponent - level / 16)


def encode(values, block):
    """Max exponent per block, L = round-half-even(16 (E - log2|x|))."""
    rows = []
    for start in range(0, len(values), block):
        chunk = values[start:start + block]
        top = max(abs(float(v)) for v in chunk)
        e = -128 if top == 0 else max(-128, min(127, math.ceil(math.log2(top))))
        row = [e & 0xFF]
        for v in chunk:
            v = float(v)
            if v == 0:
                row.append(127)
                continue
            level = 0 if abs(v) >= 2.0 ** e else round(16 * (e - math.log2(abs(v))))
            row.append(127 if level >= 127 else (level | (0x80 if v < 0 else 0)))
        row += [127] * (block + 1 - len(row))
        rows.append(row)
    return np.array(rows, dtype=np.uint8)


def make_table(func, fmt, segments):
    tbl = os.path.join(WORK, f"{func}-{fmt}-{segments}.tbl")
    r = run("table", "--func", func, "--segments", str(segments), "--format", fmt, "--out", tbl)
    check(r.returncode == 0, f"table {func} {fmt}: {r.stderr}")
    return tbl


def eval_lbfp(tbl, codes_path):
    out = os.path.join(WORK, "y.npy")
    if os.path.exists(out):
        os.remove(out)
    r = run("eval", "--table", tbl, "--in", codes_path, "--in-format", "lbfp8", "--out", out)
    check(r.returncode == 0, f"eval {tbl} {codes_path}: {r.stderr}")
    return r, (np.load(out) if r.returncode == 0 else None)


def check_every_code(func, fmt, segments):
    tbl = make_table(func, fmt, segments)
    t = read_tbl(tbl)
    # Exponents from where every x rounds to 0 to where every x saturates.
    exponents = list(range(-t["fx"] - 2, t["width"] - t["fx"] + 2)) + [-128, 127]
    rows = np.array([[e & 0xFF] + list(range(256)) for e in exponents], dtype=np.uint8)
    path = os.path.join(WORK, "every-code.npy")
    np.save(path, rows)
    r, y = eval_lbfp(tbl, path)
    if y is None:
        return
    name = f"{func} {fmt} N={segments}"
    check(y.shape == (len(exponents), 256) and y.dtype == {"int8": np.int8, "int16": np.int16}[fmt],
          f"{name}: output {y.shape} {y.dtype}")
    bad = []
    worst_decode = 0.0
    for i, e in enumerate(exponents):
        for code in range(256):
            qx = decode_fixed(code, e, t["fx"], t["width"])
            want = reference_eval(t, qx)
            if int(y[i, code]) != want:
                bad.append((e, code, int(y[i, code]), want))
            exact = exact_value(code, e) * 2.0 ** t["fx"]
            if abs(exact) < 2 ** (t["width"] - 1) - 1:  # not saturated
                # The entry's rounding (half a unit of 2^(E - 16 - q)) scaled
                # to x's lsb, plus the one rounding to x's lsb.
                level = code & 0x7F
                bound = 0.5 + 0.5 * 2.0 ** (e + t["fx"] - 16 - (level >> 4))
                worst_decode = max(worst_decode, abs(qx - exact) / bound)
    check(not bad, f"{name}: {len(bad)} outputs differ, first {bad[:3]}")
    check(worst_decode <= 1.0, f"{name}: decoded x off by {worst_decode} of its bound")
    return t, tbl


def check_trace():
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(1000) * np.repeat(2.0 ** rng.integers(-3, 2, 63), 16)[:1000]) \
        .astype(np.float32)
    x[5] = 0.0
    xin, codes = os.path.join(WORK, "x.npy"), os.path.join(WORK, "codes.npy")
    np.save(xin, x)
    r = run("calibrate", "--in", xin, "--format", "lbfp8", "--method", "max", "--codes", codes)
    check(r.returncode == 0, f"calibrate --codes: {r.stderr}")
    if r.returncode != 0:
        return
    got = np.load(codes)
    want = encode(x, 16)
    check(got.dtype == np.uint8 and got.shape == want.shape and (got == want).all(),
          f"calibrate --codes: {got.shape} {got.dtype}, "
          f"{int((got != want).sum()) if got.shape == want.shape else '-'} bytes differ")
    tbl = make_table("gelu", "int16", 64)
    t = read_tbl(tbl)
    r, y = eval_lbfp(tbl, codes)
    if y is None:
        return
    flat = y.reshape(-1)
    bad = 0
    linf = 0.0
    for i in range(len(x)):
        e = int(np.int8(np.uint8(want[i // 16, 0])))
        code = int(want[i // 16, 1 + i % 16])
        bad += int(flat[i]) != reference_eval(t, decode_fixed(code, e, t["fx"], 16))
        linf = max(linf, abs(int(flat[i]) / 2 ** t["fy"] - REFERENCE["gelu"](exact_value(code, e))))
    check(bad == 0, f"trace: {bad} of {len(x)} outputs differ")
    # eval reports the same error against f at the exact LBFP8 values.
    line = [s for s in r.stdout.splitlines() if "at the exact LBFP8 values" in s]
    reported = float(line[0].split("Linf ")[1].split()[0]) if line else None
    check(reported is not None and abs(reported - linf) <= 1e-5 * linf,
          f"eval's Linf {reported}, recomputed {linf}")


def check_table_report(func, fmt, segments):
    """table --in-format lbfp8: samples and Linf over every (element, exponent)
    whose exact value is in (a, b), recomputed here."""
    tbl = os.path.join(WORK, f"report-{func}-{fmt}.tbl")
    r = run("table", "--func", func, "--segments", str(segments), "--format", fmt,
            "--in-format", "lbfp8", "--out", tbl)
    check(r.returncode == 0, f"table --in-format lbfp8: {r.stderr}")
    if r.returncode != 0:
        return
    t = read_tbl(tbl)
    lo, hi = t["a"], t["a"] + Fraction(2) ** t["m"]
    samples, linf = 0, 0.0
    for e in range(-128, 128):
        for code in range(256):
            if code & 0x7F == 127:
                continue
            x = exact_value(code, e)
            if not lo < x < hi:
                continue
            y = reference_eval(t, decode_fixed(code, e, t["fx"], t["width"])) / 2 ** t["fy"]
            samples += 1
            linf = max(linf, abs(y - REFERENCE[func](x)))
    text = r.stdout.split("every lbfp8 input")[-1]
    got_samples = int(text.split("samples")[1].split()[0])
    got_linf = float(text.split("Linf (eq. 8)")[1].split()[0])
    check(got_samples == samples and abs(got_linf - linf) <= 1e-3 * linf,
          f"table {func} {fmt} --in-format lbfp8: {got_samples} samples, Linf {got_linf}; "
          f"recomputed {samples}, {linf}")


def check_bad_input(tbl_int16):
    out = os.path.join(WORK, "bad-out.npy")
    floats = os.path.join(WORK, "floats.npy")
    np.save(floats, np.zeros(4, dtype=np.float32))
    flat = os.path.join(WORK, "flat.npy")
    np.save(flat, np.zeros(4, dtype=np.uint8))
    fp32_tbl = os.path.join(WORK, "fp32.tbl")
    run("table", "--func", "gelu", "--segments", "16", "--out", fp32_tbl)
    good = os.path.join(WORK, "every-code.npy")
    cases = [
        (["--table", tbl_int16, "--in", floats], "floats.npy"),
        (["--table", tbl_int16, "--in", flat], "flat.npy"),
        (["--table", fp32_tbl, "--in", good], "in-format"),
        (["--table", tbl_int16, "--in", good, "--rounding", "stochastic"], "rounding"),
    ]
    for args, names in cases:
        if os.path.exists(out):
            os.remove(out)
        r = run("eval", *args, "--in-format", "lbfp8", "--out", out)
        check(r.returncode == 2 and names in r.stderr and len(r.stderr.strip().splitlines()) == 1
              and not os.path.exists(out), f"bad input {args}: rc {r.returncode}, {r.stderr!r}")
    r = run("eval", "--table", tbl_int16, "--in", good, "--in-format", "int8", "--out", out)
    check(r.returncode == 2 and "in-format" in r.stderr, f"--in-format int8: {r.stderr!r}")
    for args in (["--format", "int32", "--in-format", "lbfp8"],
                 ["--format", "fp16", "--in-format", "lbfp8"],
                 ["--format", "int16", "--in-format", "fp8"]):
        tbl = os.path.join(WORK, "bad.tbl")
        full = ["table", "--func", "gelu", "--segments", "16", *args, "--out", tbl]
        r = run(*full)
        check(r.returncode == 2 and "in-format" in r.stderr and not os.path.exists(tbl),
              f"{full}: rc {r.returncode}, {r.stderr!r}")


tbl16 = None
for func in ("gelu", "exp", "tanh", "sigmoid"):
    for fmt in ("int8", "int16"):
        result = check_every_code(func, fmt, 32)
        if result and fmt == "int16" and func == "gelu":
            tbl16 = result[1]
check_trace()
check_table_report("gelu", "int16", 64)
check_table_report("sigmoid", "int8", 16)
if tbl16:
    check_bad_input(tbl16)
finish()
