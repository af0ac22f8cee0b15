"""Bad input (docs/design.md section 10, issue 14 item 7): exceptions carrying
the CLI's one-line message (checked against the CLI's own stderr), and the
Python-only cases (non-contiguous arrays, tensors on another device)."""
import unittest

import numpy as np
import torch

import interpsim
import interpsim.torch as it
import cli


class BadInput(unittest.TestCase):
    def setUp(self):
        self.folder = cli.Folder()

    def tearDown(self):
        self.folder.close()

    def raised(self, call, *args, **kwargs):
        with self.assertRaises(interpsim.InputError) as caught:
            call(*args, **kwargs)
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        self.assertIsInstance(caught.exception, ValueError)
        return message

    def test_table_options_say_what_the_cli_says(self):
        cases = [  # (Python keyword arguments, the same `interpsim table` options)
            (dict(a=0.1), ["--a", 0.1]),  # a not a multiple of the segment width
            (dict(a=1e-3, m=2), ["--a", 1e-3, "--m", 2]),
            (dict(a=-256.0, m=9, format="fp8e4m3"), ["--a", -256, "--m", 9, "--format",
                                                     "fp8e4m3"]),
            (dict(segments=100), ["--segments", 100]),
            (dict(segments=1 << 21), ["--segments", 1 << 21]),
            (dict(edges="sideways"), ["--edges", "sideways"]),
            (dict(format="fp7"), ["--format", "fp7"]),
            (dict(kb="fp16"), ["--kb", "fp16"]),
        ]
        for kwargs, args in cases:
            with self.subTest(kwargs=kwargs):
                options = dict(segments=16) | kwargs
                message = self.raised(interpsim.Table.generate, "gelu", **options)
                args = (["--segments", 16] if "segments" not in kwargs else []) + args
                _, stderr = cli.run("table", "--func", "gelu", *args, "--out",
                                    self.folder.path("t.tbl"), expect=2)
                self.assertIn("--" + message, stderr)
        message = self.raised(interpsim.Table.generate, "gelo", 16)
        _, stderr = cli.run("table", "--func", "gelo", "--segments", 16, "--out",
                            self.folder.path("t.tbl"), expect=2)
        self.assertIn("--" + message, stderr)

    def cli_eval_error(self, table, x):
        table_path = self.folder.path("t.tbl")
        table.save(table_path)
        x_path = self.folder.save("bad.npy", x)
        _, stderr = cli.run("eval", "--table", table_path, "--in", x_path, "--out",
                            self.folder.path("y.npy"), expect=2)
        return stderr.replace(x_path, "array")

    def test_wrong_dtype_says_what_the_cli_says(self):
        cases = [("fp32", np.arange(5, dtype=np.int32)),
                 ("fp32", np.zeros(5, dtype=np.float16)),
                 ("bf16", np.zeros(5, dtype=np.float16)),
                 ("fp8e5m2", np.zeros(5, dtype=np.uint16))]
        for format, x in cases:
            with self.subTest(format=format, dtype=x.dtype):
                table = interpsim.Table.generate("gelu", 16, format=format)
                message = self.raised(table.eval, x)
                self.assertIn("does not hold the table's format " + format, message)
                self.assertIn(message, self.cli_eval_error(table, x))

    def test_float32_values_not_in_the_format_say_what_the_cli_says(self):
        table = interpsim.Table.generate("gelu", 16, format="bf16")
        x = np.array([0.5, 1.0, 0.1, 2.0], dtype=np.float32)  # 0.1 is not a bf16 value
        message = self.raised(table.eval, x)
        self.assertIn("element 2 (0.1) is not a value of bf16", message)
        self.assertIn(message, self.cli_eval_error(table, x))

    def test_torch_dtype_that_is_not_the_format(self):
        module = it.Interp("gelu", 16)
        message = self.raised(module, torch.zeros(3, dtype=torch.float64))
        self.assertEqual(message, "array: dtype '<f8' does not hold the table's format fp32 "
                                  "(expected '<f4')")

    def test_non_contiguous_arrays_and_tensors(self):
        table = interpsim.Table.generate("gelu", 16)
        strided = np.zeros((4, 6), dtype=np.float32)[:, ::2]
        self.assertIn("not C-contiguous", self.raised(table.eval, strided))
        transposed = torch.zeros(4, 6).t()
        message = self.raised(it.Interp("gelu", 16), transposed)
        self.assertIn("x.contiguous()", message)
        # and the contiguous copy is accepted
        self.assertEqual(it.Interp("gelu", 16)(transposed.contiguous()).shape, (6, 4))
        for design in ("bsearch", "nonuniform"):
            self.assertIn("not C-contiguous", self.raised(it.Interp("gelu", 16, design=design),
                                                          transposed))

    def test_tensor_on_another_device(self):
        # No GPU here: the 'meta' device takes the same path as 'cuda'.
        x = torch.zeros(3, device="meta")
        message = self.raised(it.Interp("gelu", 16), x)
        self.assertEqual(message, "tensor: on device 'meta', but this build of interpsim "
                                  "evaluates on the CPU only (move it with x.cpu())")
        if torch.cuda.is_available():  # a CUDA machine with a CUDA torch
            self.assertIn("device 'cuda", self.raised(it.Interp("gelu", 16), x.to("cuda")))

    def test_module_options(self):
        self.assertIn("backward: 'numeric' is not one of slope, exact, table",
                      self.raised(it.Interp, "gelu", backward="numeric"))
        self.assertIn("design: bsearch runs in fp32 only",
                      self.raised(it.Interp, "gelu", design="bsearch", format="bf16"))
        self.assertIn("exp_a: -10.0 is not -2^k", self.raised(it.Softmax, exp_a=-10.0))
        self.assertIn("x: a list is neither", self.raised(it.Interp("gelu", 16), [1.0]))


if __name__ == "__main__":
    unittest.main()
