"""The interpsim command-line tool, the tests' independent reference: the
C++ golden model run from .npy files in another process, its tables built by
the CLI itself (INTERPSIM_CLI, set by ctest to the build's binary)."""
import os
import subprocess
import tempfile

import numpy as np

CLI = os.environ.get("INTERPSIM_CLI", "")
ENV = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")


def run(*args, expect=0):
    """Runs `interpsim ARGS`; returns (stdout, stderr), failing on another exit status."""
    if not CLI or not os.path.exists(CLI):
        raise RuntimeError("INTERPSIM_CLI must name the interpsim binary (ctest sets it)")
    done = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, env=ENV)
    if done.returncode != expect:
        raise AssertionError(f"interpsim {' '.join(map(str, args))}: exit {done.returncode} "
                             f"(expected {expect})\n{done.stdout}{done.stderr}")
    return done.stdout, done.stderr


class Folder:
    """A temporary folder for the files passed to the CLI."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="interpsim-py-")

    def path(self, name):
        return os.path.join(self._dir.name, name)

    def save(self, name, array):
        np.save(self.path(name), array)
        return self.path(name)

    def close(self):
        self._dir.cleanup()


def table(folder, name, *args):
    """`interpsim table ARGS --out NAME`: the path of the .tbl the CLI wrote."""
    run("table", *args, "--out", folder.path(name))
    return folder.path(name)


def eval_npy(folder, table_path, x):
    """`interpsim eval` of x (saved as .npy): the output array."""
    x_path = folder.save("x.npy", x)
    run("eval", "--table", table_path, "--in", x_path, "--out", folder.path("y.npy"))
    return np.load(folder.path("y.npy"))


def simd_out(folder, x, *args):
    """`interpsim simd ARGS` with C++ model lanes on x: the output array."""
    x_path = folder.save("trace.npy", x)
    run("simd", "--lane_impl", "model", "--lanes", 8, "--trace", x_path, "--out",
        folder.path("out.npy"), *args)
    return np.load(folder.path("out.npy"))


def read_tbl_rows(path):
    """K and B of a .tbl file's rows, read here from its hex text (fp32 entries)."""
    k, b = [], []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            hk, hb = line.split("_")
            k.append(int(hk, 16))
            b.append(int(hb, 16))
    return (np.array(k, dtype=np.uint32).view(np.float32),
            np.array(b, dtype=np.uint32).view(np.float32))
