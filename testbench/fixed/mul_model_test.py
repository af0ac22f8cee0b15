#!/usr/bin/python3
"""model/lbfp_multiply against exact math written here (docs/design.md
section 12, "Decision (the LBFP8 multiplier)").

usage: mul_model_test.py MUL_MODEL_DUMP WORKDIR

- The antilog table is round(2^16 * 2^(-k/16)), computed here in 50-digit
  decimal arithmetic.
- lbfp8_mul, every one of the 65,536 pairs: 0 when either code is 127; else
  |p - (-1)^(s1^s2) 2^14 2^(-(L1+L2)/16)| <= 1/2 + 2^-(q+3) lsb, q =
  floor((L1+L2)/16) (the shift's rounding plus the table's, scaled by the
  shift), and a nonzero p has the sign s1^s2.
- int8_mul, every pair: equal to the product of Python integers."""
import os
import struct
import subprocess
import sys
from decimal import Decimal, getcontext

getcontext().prec = 50
DUMP, WORK = sys.argv[1], sys.argv[2]
os.makedirs(WORK, exist_ok=True)
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        if len(failures) <= 10:
            print("FAIL:", what, flush=True)


path = os.path.join(WORK, "mul_model.bin")
subprocess.run([DUMP, path], check=True)
data = open(path, "rb").read()
check(len(data) == 2 * 2 * 65536 + 16 * 4, f"dump size {len(data)}")
lbfp = struct.unpack("<65536h", data[:131072])
ints = struct.unpack("<65536h", data[131072:262144])
table = struct.unpack("<16I", data[262144:262208])


def exp2_neg_sixteenths(steps):
    """2^(-steps/16) to 50 digits."""
    return Decimal(2) ** (Decimal(-steps) / 16)


for k in range(16):
    exact = Decimal(65536) * exp2_neg_sixteenths(k)
    # No entry is within 1e-6 of a tie, so rounding the decimal is exact enough.
    check(table[k] == int(exact.to_integral_value(rounding="ROUND_HALF_UP")),
          f"table[{k}] = {table[k]}, exact {exact}")

worst = Decimal(0)
not_nearest = set()
for a in range(256):
    for b in range(256):
        p = lbfp[256 * a + b]
        la, lb = a & 0x7F, b & 0x7F
        if la == 127 or lb == 127:
            check(p == 0, f"lbfp8_mul({a:#x}, {b:#x}) = {p}, a zero operand")
            continue
        steps = la + lb
        sign = -1 if (a ^ b) & 0x80 else 1
        exact = sign * Decimal(16384) * exp2_neg_sixteenths(steps)
        error = abs(Decimal(p) - exact)
        q = steps // 16
        bound = Decimal(1) / 2 + Decimal(2) ** -(q + 3)
        check(error <= bound, f"lbfp8_mul({a:#x}, {b:#x}) = {p}, exact {exact:.6f}, "
                              f"error {error:.4f} lsb > {bound}")
        check(p == 0 or (p < 0) == (sign < 0), f"lbfp8_mul({a:#x}, {b:#x}) = {p}: sign")
        worst = max(worst, error)
        if error > Decimal(1) / 2:
            not_nearest.add(steps)

for a in range(256):
    for b in range(256):
        sa = a - 256 if a >= 128 else a
        sb = b - 256 if b >= 128 else b
        check(ints[256 * a + b] == sa * sb,
              f"int8_mul({sa}, {sb}) = {ints[256 * a + b]}, expected {sa * sb}")

print(f"lbfp8_mul: worst error {worst:.4f} lsb (2^-14); sums L1+L2 not rounded to nearest: "
      f"{sorted(not_nearest)}")
if failures:
    print(f"FAILED: {len(failures)} checks")
    sys.exit(1)
print("PASS: table, 65536 lbfp8_mul pairs, 65536 int8_mul pairs")
