"""Activation capture from a trained network: the generator of traces/'s real
traces, run small, writes traces the CLI takes; the committed traces have the
documented shapes and run through the CLI and interpsim.torch alike."""
import os
import subprocess
import sys
import unittest

import numpy as np
import torch

import interpsim.torch as it
from bits import assert_same_bits
import cli

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
TRACES = os.path.join(ROOT, "traces")


class CapturedTraces(unittest.TestCase):
    def setUp(self):
        self.folder = cli.Folder()

    def tearDown(self):
        self.folder.close()

    def check_traces(self, folder, images):
        gelu = np.load(os.path.join(folder, "fashion_mlp_gelu.npy"))
        logits = np.load(os.path.join(folder, "fashion_mlp_logits.npy"))
        self.assertEqual((gelu.shape, gelu.dtype.str), ((images, 256), "<f4"))
        self.assertEqual((logits.shape, logits.dtype.str), ((images, 10), "<f4"))
        table = cli.table(self.folder, "gelu.tbl", "--func", "gelu", "--segments", 4096)
        assert_same_bits(self, it.Interp("gelu", 4096)(torch.from_numpy(gelu)).numpy(),
                         cli.eval_npy(self.folder, table, gelu), "gelu trace")
        expected = cli.simd_out(self.folder, logits, "--operation", "softmax")
        assert_same_bits(self, it.Softmax(lanes=8)(torch.from_numpy(logits)).numpy(), expected,
                         "softmax trace")

    def test_the_generator_writes_traces_the_cli_runs(self):
        out = self.folder.path("traces")
        done = subprocess.run(
            [sys.executable, os.path.join(TRACES, "gen_fashion_traces.py"), "--out", out,
             "--train-images", "2000", "--epochs", "1", "--images", "16"],
            capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("test accuracy", done.stdout)
        self.check_traces(out, 16)

    def test_the_committed_traces(self):
        self.check_traces(TRACES, 256)


if __name__ == "__main__":
    unittest.main()
