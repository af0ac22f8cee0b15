"""Backward passes against their definitions (docs/design.md section 13):
slope = K[idx] read from the CLI's .tbl file; exact = the float64 derivative
(central differences of float64 functions written here); table = the CLI's
derivative table run by `interpsim eval`; the softmax's chain rule."""
import math
import unittest

import numpy as np
import torch

import interpsim.torch as it
import algorithm1
from bits import assert_same_bits
import cli

# float64 functions written from their definitions, independent of the model.
REFERENCES = {
    "gelu": lambda x: 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0))),
    "silu": lambda x: x / (1.0 + math.exp(-x)),
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "tanh": math.tanh,
    "exp": math.exp,
}


def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def grad_of(module, x, g):
    x = x.clone().requires_grad_(True)
    module(x).backward(g)
    return x.grad


class InterpBackward(unittest.TestCase):
    def setUp(self):
        self.folder = cli.Folder()
        self.rng = np.random.default_rng(7)

    def tearDown(self):
        self.folder.close()

    def inputs(self, table, count=4000):
        span = table.b - table.a
        x = self.rng.uniform(table.a - span / 8, table.b + span / 8, count).astype(np.float32)
        return torch.from_numpy(np.concatenate([x, np.float32([table.a, table.b, 0.0])]))

    def test_slope_is_k_of_the_row(self):
        for func in REFERENCES:
            with self.subTest(func=func):
                module = it.Interp(func, 256, backward="slope")
                t = module.table
                path = cli.table(self.folder, "f.tbl", "--func", func, "--segments", 256)
                k, _ = cli.read_tbl_rows(path)
                x = self.inputs(t)
                g = torch.from_numpy(self.rng.standard_normal(x.numel()).astype(np.float32))
                idx = algorithm1.rows(x.numpy(), t.a, t.m, t.n)
                expected = g.numpy() * k[idx]  # float32 product, as torch's
                assert_same_bits(self, grad_of(module, x, g).numpy(), expected, func)

    def test_slope_is_the_interpolants_difference_quotient(self):
        module = it.Interp("gelu", 64, backward="slope")
        t = module.table
        w = (t.b - t.a) / t.segments
        mid = np.float32(t.a + (np.arange(t.segments) + 0.5) * w)  # inside each segment
        h = np.float32(w / 8)
        y = lambda v: module.evaluate(torch.from_numpy(v)).numpy().astype(np.float64)
        quotient = (y(mid + h) - y(mid - h)) / (2.0 * h)
        slope = grad_of(module, torch.from_numpy(mid), torch.ones(t.segments)).numpy()
        # Each y is rounded to float32: |error| <= ulp(|y|) / (2h).
        bound = 2.0 * np.spacing(np.abs(y(mid + h)).astype(np.float32)) / (2.0 * h)
        self.assertTrue(np.all(np.abs(quotient - slope) <= bound + 1e-12),
                        np.max(np.abs(quotient - slope) - bound))

    def test_slope_of_the_search_designs_is_their_difference_quotient(self):
        # Random x and a small h: the quotient of the forward is the row's K
        # unless x +- h straddles a breakpoint (rare; at most 1% allowed).
        x = self.rng.uniform(-4.9, 2.9, 2000).astype(np.float32)
        h = np.float32(2.0**-12)
        for design in ("bsearch", "nonuniform"):
            with self.subTest(design=design):
                module = it.Interp("gelu", 64, design=design)
                y = lambda v: module.evaluate(torch.from_numpy(v)).numpy().astype(np.float64)
                quotient = (y(x + h) - y(x - h)) / (2.0 * h)
                slope = grad_of(module, torch.from_numpy(x), torch.ones(x.size)).numpy()
                bound = 2.0 * np.spacing(np.abs(y(x + h)).astype(np.float32)) / (2.0 * h)
                agree = np.abs(quotient - slope) <= bound + 1e-9
                self.assertGreater(agree.mean(), 0.99, design)

    def test_exact_is_the_float64_derivative(self):
        for func, f in REFERENCES.items():
            with self.subTest(func=func):
                module = it.Interp(func, 256, backward="exact")
                x = torch.from_numpy(self.rng.uniform(-6, 4, 500).astype(np.float32))
                got = grad_of(module, x, torch.ones(500)).numpy().astype(np.float64)
                expected = np.array([central_difference(f, float(v)) for v in x.numpy()])
                np.testing.assert_allclose(got, expected, rtol=2e-6, atol=1e-7)

    def test_table_is_the_derivative_table(self):
        for func in REFERENCES:
            with self.subTest(func=func):
                module = it.Interp(func, 256, backward="table")
                path = cli.table(self.folder, "d.tbl", "--func", func, "--segments", 256,
                                 "--derivative")
                x = self.inputs(module.table)
                g = torch.from_numpy(self.rng.standard_normal(x.numel()).astype(np.float32))
                derivative = cli.eval_npy(self.folder, path, x.numpy())
                assert_same_bits(self, grad_of(module, x, g).numpy(), g.numpy() * derivative,
                                 func)
                # and it approximates f' (256 chords of f' on the interval)
                inside = (x.numpy() > module.table.a) & (x.numpy() < module.table.b)
                exact = np.array([central_difference(REFERENCES[func], float(v))
                                  for v in x.numpy()[inside]])
                self.assertLess(np.max(np.abs(derivative[inside] - exact)), 2e-3 * max(
                    1.0, np.max(np.abs(exact))))


class SoftmaxBackward(unittest.TestCase):
    def tearDown(self):
        self.folder.close()

    def setUp(self):
        self.folder = cli.Folder()
        self.rng = np.random.default_rng(11)
        self.x = torch.from_numpy((self.rng.standard_normal((5, 40)) * 3).astype(np.float32))
        self.g = torch.from_numpy(self.rng.standard_normal((5, 40)).astype(np.float32))

    def test_slope_follows_the_documented_chain_rule(self):
        module = it.Softmax(segments=256, backward="slope")
        y, e, r = (v.numpy().astype(np.float64) for v in module.rows(self.x))
        # The saved e and 1/sum are the ones that made y.
        np.testing.assert_array_equal(np.float32(e * r[:, None]), np.float32(y))
        z = (self.x - self.x.amax(dim=-1, keepdim=True)).numpy()
        path = cli.table(self.folder, "exp.tbl", "--func", "exp", "--a", -16, "--m", 4,
                         "--edges", "asymptote", "--segments", 256)
        k, _ = cli.read_tbl_rows(path)
        d = k.astype(np.float64)[algorithm1.rows(z, -16.0, 4, 8)]
        g = self.g.numpy().astype(np.float64)
        r = r[:, None]
        expected = (r * g - r * r * (g * e).sum(axis=-1, keepdims=True)) * d
        got = grad_of(module, self.x, self.g).numpy()
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)

    def test_exact_is_close_to_the_native_softmax_gradient(self):
        module = it.Softmax(segments=4096, backward="exact")
        x64 = self.x.double().requires_grad_(True)
        torch.softmax(x64, dim=-1).backward(self.g.double())
        got = grad_of(module, self.x, self.g).double()
        self.assertLess((got - x64.grad).abs().max().item(), 1e-4)

    def test_dim_zero_is_the_transpose(self):
        module0 = it.Softmax(dim=0, segments=256)
        module1 = it.Softmax(dim=-1, segments=256)
        got0 = grad_of(module0, self.x.t().contiguous(), self.g.t().contiguous())
        got1 = grad_of(module1, self.x, self.g)
        assert_same_bits(self, got0.t().contiguous().numpy(), got1.numpy(), "dim")


if __name__ == "__main__":
    unittest.main()
