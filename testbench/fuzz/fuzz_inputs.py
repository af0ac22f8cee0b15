#!/usr/bin/env python3
"""Mutation fuzzing of every file interpsim reads, through the commands that
read them (docs/results/reliability.md).

Seeds are valid files: `.tbl` tables of every format and kb (made by
`interpsim table`), `.npy` traces of every accepted dtype and format version,
the shipped SIMD and SIMT configurations (`configs/*.ini`) and the SIMT
instruction mix (`.json`) and the sweep manifests (configs/sweeps/,
testbench/sweep/). Each case mutates one seed with a few operators
(MUTATORS below, chosen by a seeded random generator) and runs every command
that reads that kind of file on it. A run passes when

  - it ends by itself within --timeout seconds (no hang) and not by a signal;
  - its exit status is 0 (the mutant was still a valid input) or 2 (rejected);
  - a rejection prints exactly one line on stderr, starting with the program's
    name, that names an input file of the run;
  - a rejection leaves nothing in the output folder; a success leaves exactly
    the outputs it was asked for (no temporary files either way).

A failing mutant is saved under --save-failures with the command that failed;
after the fix, copy it into testbench/fuzz/regressions/ (named <anything>.<ext>,
ext one of tbl, npy, ini-simd, ini-simt, json, manifest): every file there is replayed
through all commands of its kind before the random cases.
"""

import argparse
import concurrent.futures
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time

FORMATS = [("fp32", "fp32"), ("fp16", "fp32"), ("fp16", "io"), ("bf16", "fp32"), ("bf16", "io"),
           ("fp8e5m2", "fp32"), ("fp8e5m2", "io"), ("fp8e4m3", "fp32"), ("fp8e4m3", "io")]

# Trace values exact in every format (fp8e5m2 keeps 2 mantissa bits, fp8e4m3
# ends at 448), so one <f4 trace is valid input for a table of any format.
EXACT_VALUES = [0.0, -0.0, 0.25, -0.5, 0.75, 1.0, -1.0, 1.5, -2.0, 3.0, -3.5, 5.0, -6.0, 0.125,
                -0.375, 7.0, 12.0, -16.0, 2.5, float("nan")]

# Numbers that sit on the edges of the readers' ranges.
INTERESTING_NUMBERS = ["0", "-0", "1", "-1", "2", "3", "7", "8", "9", "12", "13", "16", "20", "21",
                       "31", "32", "33", "64", "255", "256", "4096", "65535", "65536", "100000",
                       "100001", "2147483647", "2147483648", "-2147483649", "4294967296",
                       "9223372036854775807", "9223372036854775808", "1e308", "1e309", "-1e309",
                       "1e-46", "0.5", "-0.5", "nan", "-nan", "inf", "-inf", "0x", "0x7fc00000",
                       "0x7f800000", "0xff800000", "0x00000001", "0xffffffff", "0x1p3", "+5",
                       "1.", ".5", "5e", "", "00000000000000000000012", "1_0", "١"]
INTERESTING_BYTES = [0x00, 0xFF, 0x7F, 0x80, 0x20, 0x0A, 0x0D, 0x09, 0x2D, 0x2E, 0x3D, 0x23,
                     0x30, 0x31, 0x39, 0x65, 0x78, 0x5F, 0x5B, 0x22, 0x27, 0x7B, 0x3A]
NPY_DTYPES = ["<f4", "<f2", "<u2", "|u1", "<f8", ">f4", ">f2", ">u2", "|i1", "<i2", "<i4", "<u4",
              "|b1", "|O", "<c8", "|V4", "<U1", "|S4", "f4", "<f", "", "<f4<f4"]


# ---- mutation operators ---------------------------------------------------
# Byte level (every kind); text level (.tbl, .ini, .json); .npy header level.

def flip_bits(rng, data, kind):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def set_interesting_byte(rng, data, kind):
    if not data:
        return bytes([rng.choice(INTERESTING_BYTES)])
    data = bytearray(data)
    data[rng.randrange(len(data))] = rng.choice(INTERESTING_BYTES)
    return bytes(data)


def delete_range(rng, data, kind):
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 16):]


def duplicate_range(rng, data, kind):
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 64)]
    where = rng.randrange(len(data) + 1)
    return data[:where] + chunk + data[where:]


def truncate(rng, data, kind):
    return data[:rng.randrange(len(data) + 1)]


def append_junk(rng, data, kind):
    return data + bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))


def _lines(data):
    return data.split(b"\n")


def delete_line(rng, data, kind):
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(rng, data, kind):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return b"\n".join(lines)


def swap_lines(rng, data, kind):
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _token_spans(data, accept):
    spans, start = [], None
    for i, c in enumerate(data + b" "):
        if accept(c) and start is None:
            start = i
        elif not accept(c) and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _is_number_char(c):
    return chr(c).isalnum() or chr(c) in "+-."


def replace_number(rng, data, kind):
    spans = _token_spans(data, _is_number_char)
    if not spans:
        return data
    start, end = rng.choice(spans)
    return data[:start] + rng.choice(INTERESTING_NUMBERS).encode() + data[end:]


def replace_key(rng, data, kind):
    lines = _lines(data)
    keyed = [i for i, line in enumerate(lines) if b"=" in line]
    if not keyed:
        return data
    i = rng.choice(keyed)
    key, value = lines[i].split(b"=", 1)
    other = lines[rng.choice(keyed)].split(b"=", 1)[0]
    choice = rng.choice([other, b"unknown_key", key + b"x", b"", b" " + key, key.upper()])
    lines[i] = choice + b"=" + value
    return b"\n".join(lines)


def long_value(rng, data, kind):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    filler = rng.choice([b"9", b"f", b"0", b"a", b" ", b"x"]) * rng.choice([64, 4096, 100000])
    lines[i] = lines[i] + filler
    return b"\n".join(lines)


NPY_MAGIC = b"\x93NUMPY"


def _npy_split(data):
    """(version, header text, payload) of a well-formed .npy, else None."""
    if len(data) < 10 or not data.startswith(NPY_MAGIC):
        return None
    major = data[6]
    size_bytes = 2 if major == 1 else 4
    if len(data) < 8 + size_bytes:
        return None
    header_len = int.from_bytes(data[8:8 + size_bytes], "little")
    begin = 8 + size_bytes
    return data[6:8], data[begin:begin + header_len], data[begin + header_len:]


def _npy_join(version, header, payload):
    size_bytes = 2 if version[0] == 1 else 4
    return NPY_MAGIC + version + len(header).to_bytes(size_bytes, "little") + header + payload


def _replace_header_field(data, opening, closing, value):
    """The .npy with the header text between `opening` and the next `closing`
    replaced by `value` (unchanged if the header has no such field)."""
    parts = _npy_split(data)
    if parts is None:
        return data
    version, header, payload = parts
    start = header.find(opening)
    end = header.find(closing, start + len(opening))
    if start < 0 or end < 0:
        return data
    header = header[:start + len(opening)] + value.encode() + header[end:]
    return _npy_join(version, header, payload)


def npy_dtype(rng, data, kind):
    return _replace_header_field(data, b"'descr': '", b"'", rng.choice(NPY_DTYPES))


def npy_shape(rng, data, kind):
    shape = rng.choice(["0,", "1,", "21,", "19,", "2, 10", "4, 5", "20, 0", "", "-1,", "-20,",
                        "4294967296,", "4611686018427387904, 4", "99999999999999999999999,",
                        "2, 2, 5", "10, 2,", "a,", "(20,)", "20, None", "1, 1, 1, 1, 1, 20"])
    return _replace_header_field(data, b"'shape': (", b")", shape)


def npy_fortran(rng, data, kind):
    return data.replace(b"'fortran_order': False", rng.choice(
        [b"'fortran_order': True", b"'fortran_order': 0", b"'fortran_order': Fals"]), 1)


def npy_header_length(rng, data, kind):
    parts = _npy_split(data)
    if parts is None:
        return data
    size_bytes = 2 if data[6] == 1 else 4
    old = int.from_bytes(data[8:8 + size_bytes], "little")
    new = rng.choice([0, 1, old - 1, old + 1, old + 16, len(data), 2 ** (8 * size_bytes) - 1])
    new = max(0, min(new, 2 ** (8 * size_bytes) - 1))
    return data[:8] + new.to_bytes(size_bytes, "little") + data[8 + size_bytes:]


def npy_version(rng, data, kind):
    if len(data) < 8:
        return data
    return data[:6] + bytes([rng.choice([0, 1, 2, 3, 4, 255]), rng.choice([0, 0, 1])]) + data[8:]


def npy_payload(rng, data, kind):
    return data[:-rng.randint(1, 7)] if rng.random() < 0.5 else data + b"\x00" * rng.randint(1, 7)


BYTE_MUTATORS = [flip_bits, set_interesting_byte, delete_range, duplicate_range, truncate,
                 append_junk]
TEXT_MUTATORS = [delete_line, duplicate_line, swap_lines, replace_number, replace_number,
                 replace_key, long_value]
NPY_MUTATORS = [npy_dtype, npy_shape, npy_fortran, npy_header_length, npy_version, npy_payload]
MUTATORS = {
    "tbl": BYTE_MUTATORS + TEXT_MUTATORS * 2,
    "ini-simd": BYTE_MUTATORS + TEXT_MUTATORS * 2,
    "ini-simt": BYTE_MUTATORS + TEXT_MUTATORS * 2,
    "json": BYTE_MUTATORS + [replace_number, replace_number, long_value, delete_line],
    "npy": BYTE_MUTATORS + NPY_MUTATORS * 2,
    "manifest": BYTE_MUTATORS + TEXT_MUTATORS * 2,
}


def mutate(rng, data, kind):
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = rng.choice(MUTATORS[kind])(rng, data, kind)
    return data


# ---- seeds ----------------------------------------------------------------

def npy_bytes(descr, shape, payload, version=(1, 0)):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, "".join("%d," % s for s in shape) if len(shape) == 1 else ", ".join(map(str, shape)))
    size_bytes = 2 if version[0] == 1 else 4
    pad = (-(len(NPY_MAGIC) + 2 + size_bytes + len(header) + 1)) % 64
    header = (header + " " * pad + "\n").encode("latin1")
    return NPY_MAGIC + bytes(version) + len(header).to_bytes(size_bytes, "little") + header + payload


def float_to_half_bits(value):
    return struct.unpack("<H", struct.pack("<e", value))[0]


def float_to_bf16_bits(value):
    bits = struct.unpack("<I", struct.pack("<f", value))[0]
    return bits >> 16  # the values above are exact in bf16: truncation is exact


def float_to_e4m3_bits(value):
    if value != value:
        return 0x7F
    sign = 0x80 if struct.pack("<f", value)[3] & 0x80 else 0
    value = abs(value)
    if value == 0:
        return sign
    exponent = 0
    while value >= 2:
        value /= 2
        exponent += 1
    while value < 1:
        value *= 2
        exponent -= 1
    mantissa = int(round((value - 1) * 8))
    return sign | ((exponent + 7) << 3) | mantissa


def absolute_file_keys(manifest, folder):
    """A manifest's files (config, table, trace) are relative to its folder,
    and its mutants are written elsewhere: a copy in `folder` with those paths
    made absolute (the manifest itself when it names no file)."""
    with open(manifest) as f:
        lines = f.read().splitlines(keepends=True)
    changed = False
    for i, line in enumerate(lines):
        key, equals, values = line.partition("=")
        if not equals or key.strip() not in ("config", "table", "trace"):
            continue
        paths = []
        for value in values.split(","):
            value = value.strip()
            if value not in ("builtin", "uniform") and not os.path.isabs(value):
                value = os.path.normpath(os.path.join(os.path.dirname(manifest), value))
                changed = True
            paths.append(value)
        lines[i] = key.strip() + " = " + ", ".join(paths) + "\n"
    if not changed:
        return manifest
    copy = os.path.join(folder, "manifest-" + os.path.basename(manifest))
    with open(copy, "w") as f:
        f.write("".join(lines))
    return copy


class Seeds:
    """The valid files every case starts from, written once into `folder`."""

    def __init__(self, interpsim, repo, folder):
        self.folder = folder
        self.files = {kind: [] for kind in MUTATORS}
        self.table_for_dtype = {}
        n = len(EXACT_VALUES)
        f4 = struct.pack("<%df" % n, *EXACT_VALUES)
        self.trace = self._write("trace_f4.npy", npy_bytes("<f4", (n,), f4))
        for fmt, kb in FORMATS:
            path = os.path.join(folder, "table_%s_%s.tbl" % (fmt, kb))
            func = "gelu" if kb == "fp32" else "sigmoid"
            subprocess.run([interpsim, "table", "--func", func, "--n", "3", "--format", fmt,
                            "--kb", kb, "--out", path], check=True, stdout=subprocess.DEVNULL)
            self.files["tbl"].append(path)
        table = lambda fmt, kb: os.path.join(folder, "table_%s_%s.tbl" % (fmt, kb))
        npys = [("trace_f4_v2.npy", npy_bytes("<f4", (n,), f4, (2, 0)), table("fp32", "fp32")),
                ("trace_f4_v3.npy", npy_bytes("<f4", (4, 5), f4, (3, 0)), table("fp32", "fp32")),
                ("trace_f4_fp16.npy", npy_bytes("<f4", (n,), f4), table("fp16", "io")),
                ("trace_f2.npy", npy_bytes("<f2", (n,), struct.pack("<%de" % n, *EXACT_VALUES)),
                 table("fp16", "fp32")),
                ("trace_u2_bf16.npy", npy_bytes("<u2", (n,), struct.pack(
                    "<%dH" % n, *map(float_to_bf16_bits, EXACT_VALUES))), table("bf16", "io")),
                ("trace_u1_e4m3.npy", npy_bytes("|u1", (n,), bytes(
                    map(float_to_e4m3_bits, EXACT_VALUES))), table("fp8e4m3", "io"))]
        self.files["npy"].append(self.trace)
        self.table_for_dtype[self.trace] = table("fp32", "fp32")
        for name, data, tbl in npys:
            path = self._write(name, data)
            self.files["npy"].append(path)
            self.table_for_dtype[path] = tbl
        # The seeds that fp32-only readers take: the <f4 traces, the fp32 table.
        self.fp32_files = {path for path in self.files["npy"] if "_f4" in path}
        self.fp32_files.add(table("fp32", "fp32"))
        configs = os.path.join(repo, "configs")
        for name in sorted(os.listdir(configs)):
            if name.endswith(".ini"):
                path = os.path.join(configs, name)
                with open(path, "rb") as f:
                    kind = "ini-simt" if b"\nsms" in f.read() else "ini-simd"
                self.files[kind].append(path)
        self.instruction_mix = os.path.join(repo, "gpu_ref", "instruction_mix",
                                            "instruction_mix.json")
        self.files["json"].append(self.instruction_mix)
        self.simt_config = os.path.join(configs, "v100.ini")
        for folder_name in (os.path.join(configs, "sweeps"),
                            os.path.join(repo, "testbench", "sweep")):
            if os.path.isdir(folder_name):
                self.files["manifest"] += sorted(
                    absolute_file_keys(os.path.join(folder_name, name), folder)
                    for name in os.listdir(folder_name) if name.endswith(".ini"))
        # Stand-ins for Slurm's sbatch and squeue: a manifest runs through the
        # slurm backend with --no-wait, which reads it, expands its jobs and
        # writes the sweep folder, and then runs none of them.
        self.fake_slurm = os.path.join(folder, "fake-slurm")
        os.makedirs(self.fake_slurm)
        for tool, text in (("sbatch", "echo 4242"), ("squeue", "true")):
            path = os.path.join(self.fake_slurm, tool)
            with open(path, "w") as f:
                f.write("#!/bin/sh\n%s\n" % text)
            os.chmod(path, 0o755)

    def _write(self, name, data):
        path = os.path.join(self.folder, name)
        with open(path, "wb") as f:
            f.write(data)
        return path


# ---- the commands that read each kind -------------------------------------

# In a command's outputs: the command reads fp32 traces only, so an unchanged
# seed of another format is rightly refused.
FP32_ONLY = "<fp32 only>"


def commands(kind, mutant, seed, seeds, interpsim, gpu_ref_eval):
    """[(argv, outputs)] that read `mutant` (a mutation of `seed`); outputs are
    the file names the run writes into its output folder on success (and
    FP32_ONLY, see above)."""
    trace = seeds.trace
    # gpu_ref_eval (built where nvcc exists) reads fp32 tables and traces.
    gpu = []
    if gpu_ref_eval and kind in ("tbl", "npy"):
        table, data = (mutant, trace) if kind == "tbl" else (seeds.table_for_dtype[seeds.trace],
                                                             mutant)
        gpu = [([gpu_ref_eval, "--kernel", "alg1_global", "--table", table, "--in", data,
                 "--out", "{out}/y.npy"], ["y.npy", FP32_ONLY])]
    if kind == "tbl":
        return gpu + [
                ([interpsim, "eval", "--table", mutant, "--in", trace, "--out", "{out}/y.npy"],
                 ["y.npy"]),
                ([interpsim, "verify", "--table", mutant, "--in", trace], []),
                ([interpsim, "simd", "--table", mutant, "--trace", trace, "--lanes", "4",
                  "--lane_impl", "rtl", "--out", "{out}/y.npy", "--json", "{out}/s.json"],
                 ["y.npy", "s.json"])]
    if kind == "npy":
        table = seeds.table_for_dtype.get(seed, seeds.table_for_dtype[seeds.trace])
        return gpu + [
                ([interpsim, "eval", "--table", table, "--in", mutant, "--out", "{out}/y.npy"],
                 ["y.npy"]),
                ([interpsim, "verify", "--table", table, "--in", mutant], []),
                ([interpsim, "simd", "--table", table, "--trace", mutant, "--lanes", "4",
                  "--out", "{out}/y.npy", "--json", "{out}/s.json"], ["y.npy", "s.json"]),
                # fp32 trace readers of the array comparison and the SIMT model
                # (they refuse the other formats' seeds: FP32_ONLY).
                ([interpsim, "compare", "--samples", "1000", "--cycles", "--lanes", "4",
                  "--trace", mutant, "--cycles_csv", "{out}/c.csv"], ["c.csv", FP32_ONLY]),
                ([interpsim, "simt", "--config", seeds.simt_config, "--trace", mutant,
                  "--json", "{out}/s.json"], ["s.json", FP32_ONLY])]
    if kind == "ini-simd":
        # The trace and its size come from the command line (which wins over
        # the file), so a mutated trace_count cannot ask for hours of work.
        return [([interpsim, "simd", "--config", mutant, "--trace", trace, "--json",
                  "{out}/s.json"], ["s.json"])]
    if kind == "ini-simt":
        # Likewise the trace and the instruction mix (a mutated path would send
        # the run to a file that is not an input of this case).
        return [([interpsim, "simt", "--config", mutant, "--elements", "2048", "--trace",
                  "uniform", "--instruction_mix", seeds.instruction_mix, "--json",
                  "{out}/s.json"], ["s.json"])]
    if kind == "manifest":
        return [([interpsim, "sweep", mutant, "--out", "{out}/sweep", "--backend", "slurm",
                  "--no-wait"], ["sweep"])]
    if kind == "json":
        return [([interpsim, "simt", "--config", seeds.simt_config, "--instruction_mix", mutant,
                  "--elements", "2048", "--json", "{out}/s.json"], ["s.json"])]
    raise ValueError(kind)


def check_run(argv, outputs, out_dir, inputs, timeout, path_prefix=""):
    """(exit status or None, None if the run behaved else a one-line reason,
    the first line of stderr)."""
    argv = [a.replace("{out}", out_dir) for a in argv]
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    if path_prefix:
        env["PATH"] = path_prefix + os.pathsep + env.get("PATH", "")
    try:
        result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "no exit within %g s (hang?)" % timeout, ""
    first_line = result.stderr.decode("utf-8", "replace").split("\n")[0]
    return result.returncode, judge_run(argv, outputs, out_dir, inputs, result), first_line


def judge_run(argv, outputs, out_dir, inputs, result):
    stderr = result.stderr.decode("utf-8", "replace")
    left = sorted(os.listdir(out_dir))
    if result.returncode < 0:
        return "killed by signal %d: %s" % (-result.returncode, stderr.strip()[:300])
    if result.returncode == 0:
        if left != sorted(outputs):
            return "exit 0 but the output folder holds %s, expected %s" % (left, sorted(outputs))
        return None
    if result.returncode != 2:
        return "exit status %d (not 0 or 2): %s" % (result.returncode, stderr.strip()[:300])
    lines = stderr.rstrip("\n").split("\n")
    if len(lines) != 1 or not lines[0].strip():
        return "rejection is not one line: %r" % stderr[:300]
    program = os.path.basename(argv[0])
    if not lines[0].startswith(program):
        return "rejection does not start with %r: %r" % (program, lines[0][:300])
    if not any(path in lines[0] or os.path.basename(path) in lines[0] for path in inputs):
        return "rejection names no input file: %r" % lines[0][:300]
    if left:
        return "rejected, but left %s behind" % left
    return None


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.work = tempfile.mkdtemp(prefix="interpsim-fuzz-")
        os.makedirs(os.path.join(self.work, "seeds"))
        self.seeds = Seeds(args.interpsim, args.repo, os.path.join(self.work, "seeds"))
        self.counts = {}
        self.rejected = {}
        self.failures = []

    def run_case(self, case_id, kind, data, seed):
        folder = os.path.join(self.work, "case%06d" % case_id)
        os.makedirs(folder)
        ext = {"ini-simd": "ini", "ini-simt": "ini", "manifest": "ini"}.get(kind, kind)
        mutant = os.path.join(folder, "mutant.%s" % ext)
        with open(mutant, "wb") as f:
            f.write(data)
        results = []
        for argv, outputs in commands(kind, mutant, seed, self.seeds, self.args.interpsim,
                                      self.args.gpu_ref_eval):
            out_dir = os.path.join(folder, "out")
            os.makedirs(out_dir)
            inputs = [a for a in argv[1:] if os.path.isfile(a)]
            fp32_only = FP32_ONLY in outputs
            outputs = [name for name in outputs if name != FP32_ONLY]
            status, reason, stderr_line = check_run(argv, outputs, out_dir, inputs,
                                                    self.args.timeout, self.seeds.fake_slurm)
            must_accept = seed in self.seeds.fp32_files or not fp32_only
            results.append((argv, reason, status == 2, stderr_line, must_accept))
            shutil.rmtree(out_dir)
        return case_id, kind, mutant, data, results

    def record(self, case_id, kind, mutant, data, results, label):
        for argv, reason, rejected, stderr_line, must_accept in results:
            command = argv[1] if os.path.basename(argv[0]) == "interpsim" else os.path.basename(
                argv[0])
            key = (kind, command)
            self.counts[key] = self.counts.get(key, 0) + 1
            self.rejected[key] = self.rejected.get(key, 0) + (1 if rejected else 0)
            if reason is None and label.startswith("unchanged seed") and rejected and must_accept:
                reason = "a valid seed was rejected"
            if self.args.verbose and rejected:
                print("  rejected: %s %s" % (command, stderr_line), file=sys.stderr)
            if reason is None:
                continue
            saved = self.save_failure(case_id, kind, data, argv, reason, label)
            self.failures.append("%s %s: %s (saved as %s)" % (label, command, reason, saved))
        shutil.rmtree(os.path.dirname(mutant), ignore_errors=True)

    def save_failure(self, case_id, kind, data, argv, reason, label):
        os.makedirs(self.args.save_failures, exist_ok=True)
        name = "case%06d.%s" % (case_id, kind)
        path = os.path.join(self.args.save_failures, name)
        with open(path, "wb") as f:
            f.write(data)
        with open(path + ".txt", "a") as f:
            f.write("%s\n%s\n%s\n" % (label, " ".join(argv), reason))
        return path

    def cases(self):
        """(kind, data, seed, label): every seed unchanged (each must be
        accepted, so a harness that rejects everything fails), the
        regressions, then the random cases."""
        for kind in sorted(self.seeds.files):
            for seed in self.seeds.files[kind]:
                with open(seed, "rb") as f:
                    yield kind, f.read(), seed, "unchanged seed " + os.path.basename(seed)
        regressions = os.path.join(self.args.repo, "testbench", "fuzz", "regressions")
        if os.path.isdir(regressions):
            for name in sorted(os.listdir(regressions)):
                kind = name.rsplit(".", 1)[-1]
                if kind in MUTATORS:
                    with open(os.path.join(regressions, name), "rb") as f:
                        yield kind, f.read(), None, "regression " + name
        rng = random.Random(self.args.seed)
        kinds = sorted(MUTATORS)
        for i in range(self.args.cases):
            kind = kinds[i % len(kinds)]
            seed = rng.choice(self.seeds.files[kind])
            with open(seed, "rb") as f:
                data = f.read()
            yield kind, mutate(rng, data, kind), seed, "seed %d case %d (%s from %s)" % (
                self.args.seed, i, kind, os.path.basename(seed))

    def run(self):
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as pool:
            futures = {}
            for case_id, (kind, data, seed, label) in enumerate(self.cases()):
                futures[pool.submit(self.run_case, case_id, kind, data, seed)] = label
            done = 0
            for future in concurrent.futures.as_completed(futures):
                self.record(*future.result(), futures[future])
                done += 1
                if self.args.progress and done % 50 == 0:
                    print("  %d/%d cases" % (done, len(futures)), file=sys.stderr)
        elapsed = time.monotonic() - start
        shutil.rmtree(self.work, ignore_errors=True)
        print("fuzz_inputs: %d runs in %.1f s (seed %d, %d cases); per kind and command:"
              % (sum(self.counts.values()), elapsed, self.args.seed, self.args.cases))
        for key in sorted(self.counts):
            print("  %-9s %-12s %5d runs, %5d rejected (exit 2)"
                  % (key[0], key[1], self.counts[key], self.rejected[key]))
        for line in self.failures:
            print("FAIL " + line)
        print("fuzz_inputs: %d failures" % len(self.failures))
        return 1 if self.failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interpsim", required=True, help="the interpsim binary")
    parser.add_argument("--gpu-ref-eval", default="",
                        help="the gpu_ref_eval binary, if built (also reads .tbl and .npy)")
    parser.add_argument("--repo", required=True, help="the project root (configs/, testbench/)")
    parser.add_argument("--cases", type=int, default=300, help="random mutants (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--save-failures", default="fuzz-failures",
                        help="folder for failing mutants (default ./fuzz-failures)")
    parser.add_argument("--progress", action="store_true", help="print progress to stderr")
    parser.add_argument("--verbose", action="store_true", help="print every rejection's message")
    return Fuzzer(parser.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
