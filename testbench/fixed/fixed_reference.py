"""The exact reference of the fixed-point golden model (docs/design.md section
12, "Fixed point"), written from the definition with Python's fractions; used
by fixed_point_test.py and lbfp_input_test.py. Importing it runs nothing."""
import math
from fractions import Fraction

WIDTH = {"int8": 8, "int16": 16, "int32": 32}
REFERENCE = {"gelu": lambda x: 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0))), "exp": math.exp,
             "tanh": math.tanh, "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x))}


def read_tbl(path):
    lines = open(path).read().splitlines()
    header = dict(field.split("=", 1) for field in lines[1][2:].split())
    width = WIDTH[header["format"]]
    digits = width // 4

    def signed(text):
        value = int(text, 16)
        return value - (1 << width) if value >= 1 << (width - 1) else value
    rows = [(signed(line[:digits]), signed(line[digits + 1:])) for line in lines[2:]]
    t = {key: int(header[key]) for key in ("m", "n", "fx", "fy", "fk", "fb")}
    t.update(func=header["func"], width=width, rows=rows, a=Fraction(header["a"]))
    t["qa"] = t["a"] * 2 ** t["fx"]
    assert t["qa"].denominator == 1
    t["qa"] = int(t["qa"])
    return t


class Xorshift32:
    def __init__(self, seed):
        self.state = seed or 1

    def next(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x


def reference_eval(t, q, stream=None):
    """The design doc's definition, in exact rationals."""
    n_seg = 1 << t["n"]
    offset = q - t["qa"]
    if offset <= 0:
        row = n_seg
    elif offset >= 1 << (t["m"] + t["fx"]):
        row = n_seg + 1
    else:
        row = offset >> (t["m"] + t["fx"] - t["n"])
    k, b = t["rows"][row]
    exact = (Fraction(q * k, 1) / 2 ** (t["fx"] + t["fk"]) + Fraction(b, 1) / 2 ** t["fb"]) \
        * 2 ** t["fy"]
    drop = max(t["fx"] + t["fk"], t["fb"]) - t["fy"]
    if drop <= 0:
        y = int(exact)  # an integer: nothing to round
        assert y == exact
    elif stream is None:
        y = round(exact)  # Fraction rounds half to even
    else:
        r = stream.next()
        addend = r >> (32 - drop) if drop <= 32 else r << (drop - 32)
        y = math.floor(exact + Fraction(addend, 2 ** drop))
    lo, hi = -(1 << (t["width"] - 1)), (1 << (t["width"] - 1)) - 1
    return min(max(y, lo), hi)
