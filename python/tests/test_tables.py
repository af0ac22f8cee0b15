"""Tables from Python against `interpsim table`: the files, the entries, the
error report and the reachable segments it prints."""
import re
import unittest

import numpy as np

import interpsim
import cli


def printed(stdout, label):
    """The value after LABEL in `interpsim table`'s error report."""
    match = re.search(r"^\s*" + re.escape(label) + r"\s+(\S+)", stdout, re.M)
    if match is None:
        raise AssertionError(f"no '{label}' line in:\n{stdout}")
    return match.group(1)


class Tables(unittest.TestCase):
    def setUp(self):
        self.folder = cli.Folder()

    def tearDown(self):
        self.folder.close()

    def test_save_writes_the_cli_file_and_load_reads_it(self):
        table = interpsim.Table.generate("sigmoid", 128, edges="saturate", format="fp16",
                                         kb="io")
        table.save(self.folder.path("py.tbl"))
        cli_path = cli.table(self.folder, "cli.tbl", "--func", "sigmoid", "--segments", 128,
                             "--edges", "saturate", "--format", "fp16", "--kb", "io")
        with open(self.folder.path("py.tbl")) as a, open(cli_path) as b:
            self.assertEqual(a.read(), b.read())
        loaded = interpsim.Table.load(cli_path)
        self.assertEqual((loaded.func, loaded.a, loaded.b, loaded.m, loaded.n, loaded.edges,
                          loaded.format, loaded.kb, loaded.derivative),
                         ("sigmoid", table.a, table.b, table.m, 7, "saturate", "fp16", "io",
                          False))
        x = np.arange(1 << 16, dtype=np.uint16)
        np.testing.assert_array_equal(loaded.eval(x), cli.eval_npy(self.folder, cli_path, x))

    def test_entries_are_the_file_rows(self):
        path = cli.table(self.folder, "d.tbl", "--func", "tanh", "--segments", 64,
                         "--derivative")
        table = interpsim.Table.load(path)
        self.assertTrue(table.derivative)
        k, b = cli.read_tbl_rows(path)
        np.testing.assert_array_equal(table.K.view(np.uint32), k.view(np.uint32))
        np.testing.assert_array_equal(table.B.view(np.uint32), b.view(np.uint32))
        self.assertEqual(len(k), table.segments + 2)
        self.assertFalse(table.K.flags.writeable)

    def test_error_is_the_cli_report(self):
        cases = [("gelu", 16, "fp32", ["--samples", 1001], 1001),
                 ("gelu", 4096, "fp32", [], 1000001),
                 ("silu", 64, "fp16", [], None),
                 ("exp", 4096, "bf16", [], None)]
        for func, segments, format, extra, samples in cases:
            with self.subTest(func=func, segments=segments, format=format):
                table = interpsim.Table.generate(func, segments, format=format)
                report = table.error(samples) if samples else table.error()
                stdout, _ = cli.run("table", "--func", func, "--segments", segments, "--format",
                                    format, *extra, "--out", self.folder.path("t.tbl"))
                self.assertEqual(report["samples"], int(printed(stdout, "samples")))
                self.assertEqual(f"{report['l2']:.3e}", printed(stdout, "L2 (eq. 7)"))
                self.assertEqual(f"{report['linf']:.3e}", printed(stdout, "Linf (eq. 8)"))
                self.assertEqual(f"{report['mean_abs']:.3e}", printed(stdout, "mean abs"))
                if format != "fp32":
                    reachable = re.search(r"segments reachable in \S+: (\d+) of", stdout)
                    self.assertEqual(report["reachable_segments"], int(reachable.group(1)))

    def test_bf16_reaches_fewer_segments_than_it_has(self):
        table = interpsim.Table.generate("gelu", 4096, format="bf16")
        self.assertLess(table.error()["reachable_segments"], 4096)

    def test_baseline_designs_agree_with_uniform_where_they_must(self):
        table = interpsim.Table.generate("gelu", 256)
        search = interpsim.BreakpointTable.from_uniform(table)
        self.assertEqual(search.segments, 256)
        np.testing.assert_array_equal(search.breakpoints[[0, -1]], [table.a, table.b])
        nonuniform = interpsim.NonuniformTable.generate("gelu", table.a, table.m, 256,
                                                        table.edges)
        self.assertEqual(nonuniform.segments, 256)
        self.assertEqual(sum(p.segments for p in nonuniform.parts), 256)
        self.assertEqual(nonuniform.parts[0].a, table.a)
        self.assertEqual(nonuniform.parts[-1].b, table.b)


if __name__ == "__main__":
    unittest.main()
