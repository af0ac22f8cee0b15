"""Bit-for-bit comparison of float arrays (NaN compared as 'any NaN', since
both sides write the canonical pattern; checked separately where it matters)."""
import numpy as np


def raw(a):
    a = np.ascontiguousarray(a)
    return a.view({1: np.uint8, 2: np.uint16, 4: np.uint32}[a.dtype.itemsize])


def assert_same_bits(test, got, expected, what=""):
    test.assertEqual(got.dtype, expected.dtype, what)
    test.assertEqual(got.shape, expected.shape, what)
    differ = np.flatnonzero(raw(got).ravel() != raw(expected).ravel())
    if differ.size:
        i = differ[0]
        test.fail(f"{what}: {differ.size} of {got.size} elements differ, first at {i}: "
                  f"{got.ravel()[i]!r} vs {expected.ravel()[i]!r}")
