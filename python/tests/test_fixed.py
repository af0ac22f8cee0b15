"""Fixed-point tables and LBFP8 from Python against `interpsim table --format
intW` and `interpsim eval` (the CLI binary, another process): the files, the
header fields, every int8 and int16 input, random int32 ones, stochastic
rounding, torch tensors, and bad input."""
import unittest

import numpy as np

import interpsim
import cli
from test_tables import printed

DTYPES = {"int8": np.int8, "int16": np.int16, "int32": np.int32}


def header_fields(path):
    """The key=value pairs of a .tbl file's header line, read here from its text."""
    with open(path) as f:
        for line in f:
            if line.startswith("//") and "=" in line:
                return dict(item.split("=", 1) for item in line[2:].split())
    raise AssertionError(f"{path}: no header line")


class FixedTables(unittest.TestCase):
    def setUp(self):
        self.folder = cli.Folder()

    def tearDown(self):
        self.folder.close()

    def cli_eval(self, table_path, x, *options):
        x_path = self.folder.save("x.npy", x)
        cli.run("eval", "--table", table_path, "--in", x_path, "--out", self.folder.path("y.npy"),
                *options)
        return np.load(self.folder.path("y.npy"))

    def test_generate_save_and_load_match_the_cli(self):
        for fmt, func, segments in (("int8", "gelu", 16), ("int16", "sigmoid", 256),
                                    ("int32", "tanh", 64)):
            with self.subTest(format=fmt):
                table = interpsim.FixedTable.generate(func, segments, format=fmt)
                table.save(self.folder.path("py.tbl"))
                cli_path = cli.table(self.folder, "cli.tbl", "--func", func, "--segments",
                                     segments, "--format", fmt)
                with open(self.folder.path("py.tbl")) as a, open(cli_path) as b:
                    self.assertEqual(a.read(), b.read())
                fields = header_fields(cli_path)
                loaded = interpsim.FixedTable.load(cli_path)
                self.assertEqual((loaded.format, loaded.fx, loaded.fy, loaded.fk, loaded.fb),
                                 (fields["format"], int(fields["fx"]), int(fields["fy"]),
                                  int(fields["fk"]), int(fields["fb"])))
                self.assertEqual(loaded.segments, segments)
                self.assertEqual(len(loaded.K), segments + 2)

    def test_error_is_the_cli_report(self):
        for fmt, extra, samples in (("int8", [], None), ("int16", [], None),
                                    ("int32", ["--samples", 1001], 1001)):
            with self.subTest(format=fmt):
                table = interpsim.FixedTable.generate("gelu", 64, format=fmt)
                report = table.error(samples) if samples else table.error()
                stdout, _ = cli.run("table", "--func", "gelu", "--segments", 64, "--format", fmt,
                                    *extra, "--out", self.folder.path("t.tbl"))
                self.assertEqual(report["samples"], int(printed(stdout, "samples")))
                self.assertEqual(f"{report['l2']:.3e}", printed(stdout, "L2 (eq. 7)"))
                self.assertEqual(f"{report['linf']:.3e}", printed(stdout, "Linf (eq. 8)"))
                self.assertEqual(f"{report['mean_abs']:.3e}", printed(stdout, "mean abs"))
                self.assertEqual(f"{report['max_ulp']:.3g}", printed(stdout, "max ulp"))

    def test_every_int8_and_int16_and_random_int32_input_equals_cli_eval(self):
        rng = np.random.default_rng(14)
        for fmt, func, options in (("int8", "gelu", ()), ("int16", "gelu", ()),
                                   ("int16", "exp", ("--edges", "saturate")),
                                   ("int32", "sigmoid", ()), ("int16", "tanh", ("--fx", 10))):
            with self.subTest(format=fmt, func=func, options=options):
                path = cli.table(self.folder, "t.tbl", "--func", func, "--segments", 64,
                                 "--format", fmt, *options)
                table = interpsim.FixedTable.load(path)
                info = np.iinfo(DTYPES[fmt])
                if fmt == "int32":
                    x = rng.integers(info.min, info.max, size=200000, endpoint=True,
                                     dtype=np.int32)
                else:
                    x = np.arange(info.min, info.max + 1, dtype=DTYPES[fmt])
                x = x.reshape(-1, 8) if x.size % 8 == 0 else x
                expected = self.cli_eval(path, x)
                y = table.eval(x)
                self.assertEqual((y.dtype, y.shape), (expected.dtype, expected.shape))
                np.testing.assert_array_equal(y, expected)
                for seed in (1, 12345):
                    np.testing.assert_array_equal(
                        table.eval(x, rounding="stochastic", seed=seed),
                        self.cli_eval(path, x, "--rounding", "stochastic", "--seed", seed))

    def test_out_argument_and_torch_tensors_share_memory(self):
        table = interpsim.FixedTable.generate("gelu", 64, format="int16")
        x = np.arange(-32768, 32768, dtype=np.int16)
        out = np.empty_like(x)
        self.assertIs(table.eval(x, out=out), out)
        np.testing.assert_array_equal(out, table.eval(x))
        try:
            import torch
        except ImportError:
            return
        tx = torch.from_numpy(x.copy())
        ty = interpsim.evaluate(table, tx, rounding="stochastic", seed=7)
        self.assertEqual(ty.dtype, torch.int16)
        np.testing.assert_array_equal(ty.numpy(), table.eval(x, rounding="stochastic", seed=7))

    def test_lbfp8_codec_and_eval_match_the_cli(self):
        rng = np.random.default_rng(3)
        values = (rng.standard_normal(1000) * 3).astype(np.float32)
        elements, exponents = interpsim.lbfp8_encode(values, block=16)
        self.assertEqual((elements.dtype, exponents.dtype, exponents.size),
                         (np.uint8, np.int8, 63))
        decoded = interpsim.lbfp8_decode(elements, exponents, block=16)
        # Within half a code (2^(1/32)) of the input, except flushed or saturated ones.
        ratio = decoded / values
        self.assertGreater(np.mean(np.abs(np.log2(np.abs(ratio))) <= 1 / 32 + 1e-12), 0.99)
        path = cli.table(self.folder, "t.tbl", "--func", "gelu", "--segments", 64, "--format",
                         "int16")
        table = interpsim.FixedTable.load(path)
        # The CLI's LBFP8 trace ('|u1'): a row per block, its exponent byte, then its
        # elements (the last block padded).
        padded = np.zeros(exponents.size * 16, dtype=np.uint8)
        padded[:elements.size] = elements
        trace = np.concatenate([exponents.view(np.uint8)[:, None], padded.reshape(-1, 16)],
                               axis=1)
        expected = self.cli_eval(path, trace, "--in-format", "lbfp8")
        y = table.eval_lbfp8(padded, exponents, block=16)
        np.testing.assert_array_equal(y, expected.reshape(-1))

    def test_vit_int_io_gelu_is_quantize_cli_eval_dequantize(self):
        try:
            import torch
            from interpsim.experiments.vit import FixedGELU, fixed_gelu_table
        except ImportError:
            self.skipTest("no torch")
        rng = np.random.default_rng(5)
        x = (rng.standard_normal(5000) * 4).astype(np.float32)
        x[:4] = [1e3, -1e3, 0.5 / 16, 1.5 / 16]  # saturation; ties to even at fx = 4
        for fmt, dtype in (("int8", np.int8), ("int16", np.int16)):
            with self.subTest(format=fmt):
                table = fixed_gelu_table(64, fmt)
                path = cli.table(self.folder, "g.tbl", "--func", "gelu", "--segments", 64,
                                 "--format", fmt)
                info = np.iinfo(dtype)
                q = np.clip(np.rint(x.astype(np.float64) * 2.0 ** table.fx), info.min,
                            info.max).astype(dtype)
                expected = self.cli_eval(path, q).astype(np.float64) * 2.0 ** -table.fy
                y = FixedGELU(table)(torch.from_numpy(x)).numpy()
                np.testing.assert_array_equal(y, expected.astype(np.float32))

    def test_bad_input_raises_the_cli_message(self):
        table = interpsim.FixedTable.generate("gelu", 64, format="int8")
        table.save(self.folder.path("t8.tbl"))
        x_path = self.folder.save("x16.npy", np.zeros(4, np.int16))
        _, stderr = cli.run("eval", "--table", self.folder.path("t8.tbl"), "--in", x_path,
                            "--out", self.folder.path("y.npy"), expect=2)
        with self.assertRaises(interpsim.InputError) as raised:
            table.eval(np.zeros(4, dtype=np.int16))
        self.assertTrue(str(raised.exception).startswith("array: dtype '<i2'"))
        self.assertIn(str(raised.exception).replace("array", x_path, 1), stderr)
        with self.assertRaisesRegex(interpsim.InputError, r"^array: not C-contiguous"):
            table.eval(np.zeros(8, dtype=np.int8)[::2])
        with self.assertRaisesRegex(interpsim.InputError, r"^rounding: 'up' is not one of"):
            table.eval(np.zeros(4, dtype=np.int8), rounding="up")
        with self.assertRaisesRegex(interpsim.InputError, r"^format: 'int4' is not one of"):
            interpsim.FixedTable.generate("gelu", 64, format="int4")
        with self.assertRaisesRegex(interpsim.InputError, r"^fx: "):
            interpsim.FixedTable.generate("gelu", 64, format="int8", fx=7)
        path = cli.table(self.folder, "t.tbl", "--func", "gelu", "--segments", 4, "--format",
                         "int8")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("fy=", "fz="))
        stdout, stderr = cli.run("eval", "--table", path, "--in",
                                 self.folder.save("x.npy", np.zeros(2, np.int8)), "--out",
                                 self.folder.path("y.npy"), expect=2)
        message = stderr.strip().splitlines()[-1]
        with self.assertRaises(interpsim.InputError) as raised:
            interpsim.FixedTable.load(path)
        self.assertIn(str(raised.exception), message)


if __name__ == "__main__":
    unittest.main()
