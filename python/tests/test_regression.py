"""The committed golden outputs of traces/golden/ (written by the SIMD array
with RTL lanes, testbench/simd/trace_regression_test.cpp) reproduced through
the Python package, bit for bit."""
import os
import unittest

import numpy as np
import torch

import interpsim
import interpsim.torch as it
from bits import assert_same_bits

TRACES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "traces")


def trace(name):
    return np.load(os.path.join(TRACES, name))


class GoldenTraces(unittest.TestCase):
    def test_map_tables(self):
        cases = (("gelu_n12.tbl", "gelu_bert_ffn.npy", "gelu_bert_ffn.gelu_n12.npy"),
                 ("tanh_n8.tbl", "normal_0_1.npy", "normal_0_1.tanh_n8.npy"))
        for table, x, golden in cases:
            with self.subTest(table=table):
                t = interpsim.Table.load(os.path.join(TRACES, "golden", table))
                assert_same_bits(self, t.eval(trace(x)), trace("golden/" + golden), table)

    def test_softmax_of_the_simd_array_with_16_lanes(self):
        # The SIMD defaults: 4096 exp segments on [-16, 0], a 256-segment reciprocal table.
        module = it.Softmax(dim=-1, segments=4096, exp_a=-16.0, reciprocal="table",
                            reciprocal_segments=256, lanes=16)
        y = module(torch.from_numpy(trace("softmax_logits.npy"))).numpy()
        assert_same_bits(self, y, trace("golden/softmax_logits.simd16.npy"), "softmax")


if __name__ == "__main__":
    unittest.main()
