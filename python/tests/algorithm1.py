"""docs/design.md section 3's row selection, written here from the text (not
the binding): the tests' independent idx for float32 x."""
import numpy as np


def rows(x, a, m, n):
    x = np.asarray(x, dtype=np.float32)
    a = np.float32(a)
    segments = 1 << n
    b = np.float32(float(a) + 2.0**m)
    with np.errstate(invalid="ignore", over="ignore"):
        xn = (x - a).astype(np.float64)  # float32 subtraction, rounded once
        inside = np.floor(xn / 2.0 ** (m - n))
    idx = np.where(xn >= 2.0**m, segments - 1, inside)
    idx = np.where(x <= a, segments, np.where(x >= b, segments + 1, idx))
    return np.where(np.isnan(x), -1, idx).astype(np.int64)
