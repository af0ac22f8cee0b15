"""patch() on a small model: what it replaces and says, and the patched model's
outputs equal the golden model run by hand (the CLI) on the activations
captured from it; Capture writes traces the CLI runs."""
import os
import unittest
import warnings

import numpy as np
import torch
from torch import nn

import interpsim.torch as it
from interpsim.capture import Capture
from bits import assert_same_bits
import cli

OPTIONS = {"gelu": {"segments": 256}, "tanh": {"segments": 64},
           "softmax": {"segments": 1024, "lanes": 8}}


def small_model():
    torch.manual_seed(3)
    return nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.Linear(32, 32), nn.Tanh(),
                         nn.Linear(32, 10), nn.Softmax(dim=-1))


class Patch(unittest.TestCase):
    def setUp(self):
        self.folder = cli.Folder()

    def tearDown(self):
        self.folder.close()

    def test_patched_model_equals_the_golden_model_by_hand(self):
        model = small_model()
        replaced = it.patch(model, OPTIONS)
        self.assertEqual([name for name, _, _ in replaced], ["1", "3", "5"])
        self.assertIsInstance(model[1], it.Interp)
        self.assertIsInstance(model[5], it.Softmax)
        x = torch.randn(12, 16)
        with Capture(model) as capture, torch.no_grad():
            y = model(x)
        self.assertEqual(sorted(capture.activations), ["1", "3", "5"])

        # By hand: torch's linear layers, the CLI's golden model for the rest.
        gelu = cli.table(self.folder, "gelu.tbl", "--func", "gelu", "--segments", 256)
        tanh = cli.table(self.folder, "tanh.tbl", "--func", "tanh", "--segments", 64)
        with torch.no_grad():
            h1 = model[0](x).numpy()
            assert_same_bits(self, capture.activations["1"][0], h1, "gelu input")
            h2 = model[2](torch.from_numpy(cli.eval_npy(self.folder, gelu, h1))).numpy()
            assert_same_bits(self, capture.activations["3"][0], h2, "tanh input")
            h3 = model[4](torch.from_numpy(cli.eval_npy(self.folder, tanh, h2))).numpy()
            assert_same_bits(self, capture.activations["5"][0], h3, "softmax input")
        expected = cli.simd_out(self.folder, h3, "--operation", "softmax", "--segments", 1024)
        assert_same_bits(self, y.numpy(), expected, "model output")

    def test_patch_reports_and_prints(self):
        model = small_model()
        import contextlib
        import io

        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            replaced = it.patch(model, {"gelu": {}}, verbose=True)
        self.assertEqual(len(replaced), 1)
        name, old, new = replaced[0]
        self.assertIsInstance(old, nn.GELU)
        self.assertIs(new, model[1])
        self.assertIn("1: GELU", printed.getvalue())
        self.assertIsInstance(model[3], nn.Tanh)  # not asked for: kept

    def test_patch_that_finds_nothing_says_so(self):
        model = small_model()
        with self.assertRaisesRegex(it.NothingToPatch, "nothing was replaced"):
            it.patch(model, {"silu": {}})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            self.assertEqual(it.patch(model, {"sigmoid": {}}, strict=False), [])
        self.assertTrue(any("nothing was replaced" in str(w.message) for w in caught))
        with self.assertRaisesRegex(ValueError, "patch: 'relu' is not one of"):
            it.patch(model, {"relu": {}})

    def test_patched_model_copies_and_pickles(self):
        import copy
        import io

        model = small_model()
        it.patch(model, OPTIONS | {"sigmoid": {}})
        model[1] = it.Interp("gelu", 256, design="bsearch", backward="table")
        x = torch.randn(5, 16)
        with torch.no_grad():
            y = model(x)
            buffer = io.BytesIO()
            torch.save(model, buffer)
            buffer.seek(0)
            for other in (copy.deepcopy(model), torch.load(buffer)):
                assert_same_bits(self, other(x).numpy(), y.numpy(), "copy")
                self.assertEqual(repr(other), repr(model))

    def test_captured_traces_run_in_the_cli(self):
        model = small_model()
        with Capture(model) as capture, torch.no_grad():
            model(torch.randn(4, 16))
        paths = capture.save(self.folder.path("traces"))
        self.assertEqual(sorted(os.path.basename(p) for p in paths),
                         ["1.0.npy", "3.0.npy", "5.0.npy"])
        gelu = cli.table(self.folder, "gelu.tbl", "--func", "gelu", "--segments", 256)
        trace = np.load(paths[0])
        y = cli.eval_npy(self.folder, gelu, trace)
        module = it.Interp("gelu", 256)
        assert_same_bits(self, module(torch.from_numpy(trace)).numpy(), y, "trace")


if __name__ == "__main__":
    unittest.main()
