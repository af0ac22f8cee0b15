"""Forward bit-exactness: the binding and interpsim.torch against the CLI's
golden model (another process, tables built by `interpsim table`), every
element compared bit for bit, for several functions, formats and designs."""
import unittest

import numpy as np
import torch

import interpsim
import interpsim.torch as it
from bits import assert_same_bits
import cli

FUNCTIONS = ("gelu", "silu", "sigmoid", "tanh", "exp")


def fp32_inputs(table, count=20000, seed=1):
    """Random values over and around [a, b], the breakpoints and their float32
    neighbours, and the special values."""
    rng = np.random.default_rng(seed)
    a, b = np.float32(table.a), np.float32(table.b)
    span = b - a
    values = [rng.uniform(a - span / 4, b + span / 4, count).astype(np.float32),
              rng.standard_normal(count).astype(np.float32) * 4]
    points = (a + (b - a) * np.arange(table.segments + 1) / table.segments).astype(np.float32)
    values += [points, np.nextafter(points, -np.inf), np.nextafter(points, np.inf)]
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 1e-38, 3e38, -3e38],
                        dtype=np.float32)
    return np.concatenate([specials] + values)


def all_patterns(format):
    """Every bit pattern of an 8- or 16-bit format, in its trace dtype."""
    if format.startswith("fp8"):
        return np.arange(256, dtype=np.uint8)
    bits = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
    return bits.view(np.float16) if format == "fp16" else bits


class ForwardAgainstCli(unittest.TestCase):
    def setUp(self):
        self.folder = cli.Folder()

    def tearDown(self):
        self.folder.close()

    def tables(self, func, segments, *extra, **options):
        """The Python table and the CLI's .tbl of the same options."""
        table = interpsim.Table.generate(func, segments, **options)
        args = ["--func", func, "--segments", segments, *extra]
        for key in ("format", "kb", "edges"):
            if key in options:
                args += [f"--{key}", options[key]]
        path = cli.table(self.folder, f"{func}.tbl", *args)
        with open(path) as f:
            self.assertEqual(table.text(), f.read(), "the same table from Python and the CLI")
        return table, path

    def test_fp32_uniform(self):
        for func in FUNCTIONS:
            for segments in (16, 4096):
                with self.subTest(func=func, segments=segments):
                    table, path = self.tables(func, segments)
                    x = fp32_inputs(table)
                    x = x[: x.size // 7 * 7].reshape(-1, 7)  # 2-D: the shape is kept
                    assert_same_bits(self, table.eval(x), cli.eval_npy(self.folder, path, x),
                                     f"{func} {segments}")

    def test_extrapolate_and_saturate_edges(self):
        for edges in ("extrapolate", "saturate"):
            with self.subTest(edges=edges):
                table, path = self.tables("tanh", 64, edges=edges)
                x = fp32_inputs(table)
                assert_same_bits(self, table.eval(x), cli.eval_npy(self.folder, path, x), edges)

    def test_narrow_formats_every_pattern(self):
        for format in ("fp16", "bf16", "fp8e5m2", "fp8e4m3"):
            for kb in ("fp32", "io"):
                func = "gelu" if kb == "fp32" else "sigmoid"
                segments = 16 if format.startswith("fp8") else 256
                # fp8e4m3 holds no 2^m above 2^8; the registry's gelu/sigmoid intervals fit.
                with self.subTest(format=format, kb=kb):
                    table, path = self.tables(func, segments, format=format, kb=kb)
                    x = all_patterns(format)
                    assert_same_bits(self, table.eval(x), cli.eval_npy(self.folder, path, x),
                                     f"{format} kb={kb}")

    def test_exact_float32_values_of_a_narrow_format(self):
        table, path = self.tables("silu", 1024, format="bf16")
        bits = np.arange(1 << 16, dtype=np.uint32)
        values = (bits << 16).view(np.float32)
        values = values[~np.isnan(values)]  # NaNs: any payload is "a value"; patterns covered above
        assert_same_bits(self, table.eval(values), cli.eval_npy(self.folder, path, values), "bf16")

    def test_torch_tensors_every_dtype(self):
        for format, dtype in (("fp32", torch.float32), ("fp16", torch.float16),
                              ("bf16", torch.bfloat16)):
            with self.subTest(format=format):
                module = it.Interp("gelu", 256, format=format)
                _, path = self.tables("gelu", 256, format=format)
                x = torch.randn(64, 33).mul(3).to(dtype)
                y = module(x)
                self.assertEqual(y.dtype, dtype)
                x_numpy = x.view(torch.int16).numpy().view(np.uint16) if format == "bf16" \
                    else x.numpy()
                y_numpy = y.view(torch.int16).numpy().view(np.uint16) if format == "bf16" \
                    else y.numpy()
                assert_same_bits(self, y_numpy, cli.eval_npy(self.folder, path, x_numpy), format)

    def test_functional_forms(self):
        x = torch.randn(500) * 4
        for func in FUNCTIONS:
            with self.subTest(func=func):
                _, path = self.tables(func, 1024)
                y = getattr(it, func)(x, segments=1024)
                assert_same_bits(self, y.numpy(), cli.eval_npy(self.folder, path, x.numpy()),
                                 func)

    def test_named_modules(self):
        x = torch.randn(300) * 4
        for name, func in (("GELU", "gelu"), ("SiLU", "silu"), ("Sigmoid", "sigmoid"),
                           ("Tanh", "tanh"), ("Exp", "exp")):
            with self.subTest(module=name):
                _, path = self.tables(func, 512)
                y = getattr(it, name)(segments=512)(x)
                assert_same_bits(self, y.numpy(), cli.eval_npy(self.folder, path, x.numpy()),
                                 name)

    def test_bsearch_and_nonuniform_designs(self):
        for design in ("bsearch", "nonuniform"):
            for func in ("gelu", "sigmoid"):
                with self.subTest(design=design, func=func):
                    module = it.Interp(func, 64, design=design)
                    x = torch.from_numpy(fp32_inputs(module.table, 3000))
                    expected = cli.simd_out(self.folder, x.numpy(), "--design", design, "--func",
                                            func, "--segments", 64)
                    assert_same_bits(self, module(x).numpy(), expected, design)

    def test_softmax_as_the_simd_array(self):
        rng = np.random.default_rng(5)
        x = (rng.standard_normal((6, 100)) * 5).astype(np.float32)
        x[2, :50] = -40  # below the exp table: the asymptote 0
        for reciprocal, cli_name in (("table", "unit"), ("divide", "divider")):
            for segments in (64, 4096):
                with self.subTest(reciprocal=reciprocal, segments=segments):
                    module = it.Softmax(dim=-1, segments=segments, reciprocal=reciprocal, lanes=8)
                    expected = cli.simd_out(self.folder, x, "--operation", "softmax",
                                            "--segments", segments, "--reciprocal", cli_name)
                    assert_same_bits(self, module(torch.from_numpy(x)).numpy(), expected,
                                     reciprocal)
        # Another dim: the same rows, transposed.
        module = it.Softmax(dim=0, segments=4096, lanes=8)
        expected = cli.simd_out(self.folder, x, "--operation", "softmax", "--segments", 4096)
        assert_same_bits(self, module(torch.from_numpy(x.T.copy())).numpy(),
                         np.ascontiguousarray(expected.T), "dim=0")


class NoCopies(unittest.TestCase):
    def test_views_share_memory(self):
        x = torch.randn(1000)
        self.assertTrue(np.shares_memory(interpsim.to_numpy(x), x.numpy()))
        b = x.to(torch.bfloat16)
        view = interpsim.to_numpy(b)
        self.assertEqual(view.ctypes.data, b.data_ptr())
        table = interpsim.Table.generate("gelu", 256)
        out = torch.empty(1000)
        result = interpsim.evaluate(table, x, out=out)
        self.assertIs(result, out)
        assert_same_bits(self, out.numpy(), table.eval(x.numpy()), "out=")
        y = interpsim.evaluate(table, x)
        self.assertTrue(isinstance(y, torch.Tensor))


if __name__ == "__main__":
    unittest.main()
