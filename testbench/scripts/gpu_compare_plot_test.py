"""scripts/gpu_compare_plot.py on a paper JSON made here: the printed summary
per GPU and harness equals the median |error| and the count within 15 % this
test computes from the rows itself, the PNG is written, and bad input exits
2 with one line naming the entry and writes nothing."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                      "gpu_compare_plot.py")


def row(kernel, segments, harness, measured, predicted):
    return {"kernel": kernel, "function": "gelu", "segments": segments, "harness": harness,
            "measured_ms": measured, "predicted_ms": predicted,
            "relative_error": (predicted - measured) / measured}


ROWS = [row("alg1_global", 16, "one_pass", 0.020, 0.021), row("alg1_global", 64, "one_pass", 0.020, 0.030),
        row("bsearch", 64, "one_pass", 0.030, 0.029), row("native_exp", 0, "launches", 0.040, 0.020),
        row("alg1_global", 16, "launches", 0.040, 0.045),
        {"kernel": "copy", "function": "gelu", "segments": 0, "harness": "nvprof",
         "measured_ms": 0.01, "note": "harness 'nvprof' is not one of ..."}]


class GpuComparePlot(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="gpu-compare-")
        self.addCleanup(self.folder.cleanup)

    def write(self, paper):
        path = os.path.join(self.folder.name, "paper.json")
        with open(path, "w") as f:
            json.dump(paper, f)
        return path

    def run_script(self, source, out):
        return subprocess.run([sys.executable, SCRIPT, source, out], capture_output=True,
                              text=True, check=False)

    def test_summary_and_png(self):
        source = self.write({"gpu_measurements": [{"gpu": "h200", "rows": ROWS}]})
        out = os.path.join(self.folder.name, "cmp.png")
        result = self.run_script(source, out)
        # scripts/install_deps.sh installs python3-matplotlib: exit 3 (missing) fails here.
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        expected = []
        for harness in ("launches", "one_pass"):
            errors = [abs(r["predicted_ms"] - r["measured_ms"]) / r["measured_ms"]
                      for r in ROWS if r["harness"] == harness and "predicted_ms" in r]
            expected.append(f"h200 {harness}: {len(errors)} kernels, median |error| "
                            f"{100 * statistics.median(errors):.1f} %, "
                            f"{sum(e <= 0.15 for e in errors)} within 15 %")
        self.assertEqual(result.stdout.splitlines()[:2], expected)
        with open(out, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_bad_rows_exit_2_and_write_nothing(self):
        out = os.path.join(self.folder.name, "bad.png")
        for paper, needle in [
                ({"gpu_measurements": [{"gpu": "h200", "rows": [dict(ROWS[0], predicted_ms=-1)]}]},
                 "gpu_measurements[0].rows[0]"),
                ({"gpu_measurements": [{"gpu": "h200", "rows": [{"predicted_ms": 1}]}]},
                 "gpu_measurements[0].rows[0]"),
                ({"tables": []}, "no gpu_measurements"),
                ({"gpu_measurements": []}, "no predicted GPU measurements")]:
            result = self.run_script(self.write(paper), out)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(needle, result.stderr)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
