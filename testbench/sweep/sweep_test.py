#!/usr/bin/env python3
"""interpsim sweep through the binary (docs/sweeps.md).

usage: sweep_test.py INTERPSIM SOURCE_DIR local|slurm

local: the tiny verify and simd sweeps on the local backend; summary checks,
--resume runs nothing and gives the same summary, a deleted result reruns
exactly that job; bad manifests exit 2 with one line and write nothing.
slurm: starts the single-node cluster (scripts/slurm_local.sh), runs the same
sweeps with --backend slurm, compares summary.csv with the local backend's
(timing columns aside); a task cancelled mid-run is completed by --resume.
Exits 77 (skip) when the cluster cannot start."""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

BIN, SRC, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
HERE = os.path.join(SRC, "testbench", "sweep")
TIMING = {"seconds", "sim_seconds"}
KINDS = ("tiny_verify", "tiny_simd", "tiny_table", "tiny_simt")
# The float64 references, written here again (not the project's registry).
REFERENCE = {"gelu": lambda x: 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0))), "exp": math.exp}
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, flush=True)


def sweep(*args, env=None):
    started = time.monotonic()
    result = subprocess.run([BIN, "sweep", *args], capture_output=True, text=True, env=env)
    result.seconds = time.monotonic() - started
    return result


def rows(folder):
    with open(os.path.join(folder, "summary.csv"), newline="") as f:
        return list(csv.DictReader(f))


def without_timing(table):
    return [{k: v for k, v in row.items() if k not in TIMING} for row in table]


def ran(result):
    for line in result.stderr.splitlines():
        if line.startswith("sweep: ran "):
            return int(line.split()[2])
    return None


def local_sweeps(tmp):
    out = {}
    for name in KINDS:
        folder = os.path.join(tmp, name + "-local")
        r = sweep(os.path.join(HERE, name + ".ini"), "--out", folder, "--jobs", "2")
        print(f"{name} local: {r.seconds:.2f} s", flush=True)
        check(r.returncode == 0, f"{name}: status {r.returncode}: {r.stderr}")
        out[name] = folder
    return out


def run_bin(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True)


def table_inputs(result):
    """The inputs `table` measures: fp32 at uniformly spaced samples of the
    open interval, fp16 every value inside it (docs/cli.md, `interpsim table`)."""
    import numpy as np
    t = result["table"]
    a = np.float32(t["a"])
    b = np.float32(t["a"] + 2.0 ** t["m"])
    lo = np.nextafter(a, np.float32(np.inf))
    hi = np.nextafter(b, np.float32(-np.inf))
    if t["format"] == "fp32":
        count = result["error"]["samples"]
        i = np.arange(count, dtype=np.float64)
        return (float(lo) + (float(hi) - float(lo)) * i / (count - 1)).astype(np.float32)
    every = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    wide = every.astype(np.float32)  # compared as float32 (a float16 compare rounds lo to a)
    return every[~np.isnan(wide) & (wide >= lo) & (wide <= hi)]


def check_table_rows(tmp, folder):
    """Each job's Linf, recomputed: the table's outputs through `interpsim
    eval` (the golden model, another command) against the float64 function
    in Python."""
    import numpy as np
    table = rows(folder)
    check(len(table) == 8 and all(r["status"] == "done" for r in table), f"table rows {table}")
    for row in table:
        result = json.load(open(os.path.join(folder, "results", row["hash"] + ".json")))
        tbl = os.path.join(tmp, row["hash"] + ".tbl")
        args = ["table", "--func", row["func"], "--segments", row["segments"], "--format",
                row["format"], "--out", tbl]
        check(run_bin(*args).returncode == 0, f"table {args}")
        x = table_inputs(result)
        xin, yout = os.path.join(tmp, "x.npy"), os.path.join(tmp, "y.npy")
        np.save(xin, x)
        r = run_bin("eval", "--table", tbl, "--in", xin, "--out", yout)
        check(r.returncode == 0, f"eval {row['hash']}: {r.stderr}")
        y = np.load(yout).astype(np.float64)
        ref = np.array([REFERENCE[row["func"]](float(v)) for v in x.astype(np.float64)])
        linf = float(np.max(np.abs(y - ref)))
        check(len(x) == result["error"]["samples"], f"{row['hash']}: {len(x)} inputs, "
              f"{result['error']['samples']} samples")
        check(abs(linf - float(row["linf"])) <= 1e-5 * linf + 1e-12,
              f"{row['func']} {row['segments']} {row['format']}: Linf {row['linf']}, "
              f"recomputed {linf}")
    # More segments, less error: per function and format, 256 beats 16.
    by = {(r["func"], r["format"], int(r["segments"])): float(r["linf"]) for r in table}
    for (func, fmt, n), linf in by.items():
        if n == 16:
            check(by[(func, fmt, 256)] < linf, f"{func} {fmt}: 256 segments not better than 16")


def check_simt_rows(tmp, folder):
    """Each point run again directly (`interpsim simt` with the point's keys):
    the same cycles, elements and mismatches as the sweep's result."""
    table = rows(folder)
    check(len(table) == 4, f"simt rows: {len(table)}")
    config = os.path.join(SRC, "configs", "v100.ini")
    for row in table:
        direct = os.path.join(tmp, "simt-direct.json")
        r = run_bin("simt", "--config", config, "--kernel", row["kernel"],
                    "--interp_lanes_per_scheduler", "8", "--func", "gelu", "--segments",
                    row["segments"], "--elements", "20000", "--json", direct)
        check(r.returncode == 0, f"direct simt: {r.stderr}")
        d = json.load(open(direct))
        for key in ("cycles", "elements", "mismatches"):
            check(str(d[key]) == row[key], f"simt {row['kernel']} {row['segments']}: {key} "
                  f"{row[key]} in the sweep, {d[key]} run directly")


def ppa_ready():
    """The physical design flow needs yosys, OpenSTA and the NanGate45 library."""
    library = os.path.join(os.environ.get("INTERPSIM_PDK_DIR") or
                           os.path.expanduser("~/.cache/interpsim/freepdk45"), "stdcells.lib")
    return shutil.which("yosys") and shutil.which("sta") and os.path.exists(library)


def check_ppa_sweep(tmp):
    """run = ppa: each point's row equals scripts/ppa.py run directly."""
    folder = os.path.join(tmp, "tiny_ppa-local")
    r = sweep(os.path.join(HERE, "tiny_ppa.ini"), "--out", folder, "--jobs", "2")
    check(r.returncode == 0, f"tiny_ppa: status {r.returncode}: {r.stderr}")
    table = rows(folder)
    check(len(table) == 4 and all(row["status"] == "done" for row in table), f"ppa rows {table}")
    for row in table[:2]:
        direct = os.path.join(tmp, "ppa-direct.json")
        subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts", "ppa.py"), row["unit"],
                        "OutReg=" + row["param.OutReg"], "--json", direct],
                       capture_output=True, check=False)
        d = json.load(open(direct))
        for key in ("cells", "area_um2", "fmax_mhz", "registers"):
            check(float(row[key]) == float(d[key]),
                  f"ppa {row['unit']} OutReg={row['param.OutReg']}: {key} {row[key]} in the "
                  f"sweep, {d[key]} from ppa.py")


def test_local(tmp):
    folders = local_sweeps(tmp)
    v = rows(folders["tiny_verify"])
    jobs = [row for row in v if row["kind"] == "verify"]
    merged = [row for row in v if row["kind"] == "verify-merged"]
    check(len(jobs) == 12 and len(merged) == 4, f"verify rows: {len(jobs)} jobs, {len(merged)} merged")
    for row in merged:
        check(row["inputs"] == "65536" and row["mismatches"] == "0" and row["status"] == "complete",
              f"merged row {row}")
    sums = {}
    for row in jobs:
        key = (row["func"], row["segments"])
        sums[key] = sums.get(key, 0) + int(row["inputs"])
        check(row["mismatches"] == "0" and row["status"] == "done", f"job row {row}")
    check(sorted(sums.values()) == [65536] * 4, f"per-table input sums {sums}")
    s = rows(folders["tiny_simd"])
    check(len(s) == 4, f"simd rows: {len(s)}")
    for row in s:
        check(row["mismatches"] == "0" and int(row["cycles"]) > 0, f"simd row {row}")
        check(float(row["trace_linf"]) > 0, f"simd row without the trace's error: {row}")
    check_table_rows(tmp, folders["tiny_table"])
    if ppa_ready():
        check_ppa_sweep(tmp)
    else:
        print("ppa sweep skipped: yosys, sta or the NanGate45 library missing", flush=True)
    check_simt_rows(tmp, folders["tiny_simt"])
    try:
        import matplotlib  # noqa: F401  (the plots are made only where it is installed)
        for name in ("tiny_simd", "tiny_table", "tiny_simt"):
            check(os.path.getsize(os.path.join(folders[name], "pareto.png")) > 0,
                  f"{name}: no pareto.png")
    except ImportError:
        pass

    # --resume: nothing runs, the same summary, byte for byte.
    folder = folders["tiny_verify"]
    before = open(os.path.join(folder, "summary.csv")).read()
    r = sweep(os.path.join(HERE, "tiny_verify.ini"), "--out", folder, "--resume")
    check(r.returncode == 0 and ran(r) == 0, f"resume ran {ran(r)}: {r.stderr}")
    check(open(os.path.join(folder, "summary.csv")).read() == before, "resume changed summary.csv")
    # One result deleted: exactly that job runs again.
    victim = jobs[4]["hash"]
    os.remove(os.path.join(folder, "results", victim + ".json"))
    r = sweep(os.path.join(HERE, "tiny_verify.ini"), "--out", folder, "--resume")
    check(r.returncode == 0 and ran(r) == 1 and victim in r.stderr, f"rerun one: {r.stderr}")
    check(without_timing(rows(folder)) == without_timing(v), "summary after rerunning one job")
    # --merge alone gives the same summary.
    r = sweep("--merge", folder)
    check(r.returncode == 0 and without_timing(rows(folder)) == without_timing(v), "--merge")

    # Bad manifests: status 2, one line naming FILE:LINE, nothing written.
    bad = {
        "run = verify\nfunc = exp, nope\nsegments = 64\nexhaustive = true\n": ":2: func:",
        "run = simd\nlanes = 4,\n": ":2: lanes: empty value",
        "run = simd\nlanes =\n": ":2: lanes: empty list",
        "run = simd\nlanez = 4\n": ":2: unknown key 'lanez'",
        "run = simd\nlanes = 4\ntable_org = private, bogus\n": ":3: table_org:",
        "run = verify\nfunc = exp\nsegments = 48\nexhaustive = true\n": ":3: segments:",
        "run = verify\nfunc = exp\nsegments = 64\nshards = 3\n": "exactly one input source",
        "run = verify\nfunc = exp\nsegments = 64\nexhaustive = true\nshards = 0\n": ":5: shards:",
        "run = nope\n": ":1: run:",
        "run = table\nfunc = gelu\n": "run = table needs 'segments'",
        "run = table\nfunc = gelu\nsegments = 64\nshards = 2\n": ":4: unknown key 'shards'",
        "run = table\nfunc = gelu\nsegments = 64\nsamples = 1\n": ":4: samples:",
        "run = simt\nkernel = alg1_shared, nope\n": ":2: kernel:",
        "run = simt\nlanes = 4\n": ":2: unknown key 'lanes' for run = simt",
        "run = ppa\nparam.Width = 8\n": "run = ppa needs 'unit'",
        "run = ppa\nunit = int8_mul\nio = fp12\n": ":3: io:",
        "lanes = 4\n": "no 'run = KIND' line",
        "run = simd\nlanes = 4\nlanes = 8\n": ":3: key 'lanes' given twice",
        # 2 points x 2^20 shards: over the 2^16-job bound.
        "run = verify\nfunc = exp, gelu\nsegments = 64\nformat = fp32\nexhaustive = true\n"
        "shards = 1048576\n": "more than 65536 jobs",
    }
    for i, (text, expected) in enumerate(bad.items()):
        manifest = os.path.join(tmp, f"bad{i}.ini")
        with open(manifest, "w") as f:
            f.write(text)
        out = os.path.join(tmp, f"bad{i}-out")
        r = sweep(manifest, "--out", out)
        lines = r.stderr.splitlines()
        check(r.returncode == 2 and len(lines) == 1 and expected in r.stderr,
              f"bad manifest {text!r}: status {r.returncode}, stderr {r.stderr!r}")
        check(not os.path.exists(out), f"bad manifest {text!r} wrote {out}")
    # --backend slurm without sbatch on PATH: one line, exit 2, nothing written.
    env = dict(os.environ, PATH="/nonexistent")
    out = os.path.join(tmp, "nosbatch")
    r = sweep(os.path.join(HERE, "tiny_simd.ini"), "--out", out, "--backend", "slurm", env=env)
    check(r.returncode == 2 and len(r.stderr.splitlines()) == 1 and "sbatch" in r.stderr,
          f"no sbatch: {r.returncode} {r.stderr!r}")
    check(not os.path.exists(out), "no sbatch: wrote the folder")


def test_slurm(tmp):
    script = os.path.join(SRC, "scripts", "slurm_local.sh")
    # A cluster this test starts is stopped again at the end (no daemons left
    # behind by ./test.sh); one that was already up stays up.
    was_up = subprocess.run([script, "status"], capture_output=True).returncode == 0
    start = subprocess.run([script, "start"], capture_output=True, text=True)
    if start.returncode != 0:
        print("SKIP: the local Slurm cluster did not start:", start.stderr.strip())
        sys.exit(77)
    try:
        run_slurm_sweeps(tmp, script)
    finally:
        if not was_up:
            subprocess.run([script, "stop"], capture_output=True)


def run_slurm_sweeps(tmp, script):
    conf = subprocess.run([script, "env"], capture_output=True, text=True).stdout
    env = dict(os.environ)
    for line in conf.splitlines():
        if line.startswith("export ") and "=" in line:
            key, value = line[len("export "):].split("=", 1)
            env[key] = value.strip("'\"")
    local = local_sweeps(tmp)
    for name in KINDS:
        folder = os.path.join(tmp, name + "-slurm")
        r = sweep(os.path.join(HERE, name + ".ini"), "--out", folder, "--backend", "slurm", env=env)
        print(f"{name} slurm: {r.seconds:.2f} s", flush=True)
        check(r.returncode == 0, f"{name} slurm: status {r.returncode}: {r.stderr}")
        check(os.path.exists(os.path.join(folder, "sweep.sbatch")), "no sweep.sbatch")
        check(without_timing(rows(folder)) == without_timing(rows(local[name])),
              f"{name}: slurm summary differs from local")

    # Fault: cancel one array task while the array runs (slow jobs: fp32
    # random inputs), then --resume completes the sweep, nothing lost or doubled.
    manifest = os.path.join(tmp, "slow.ini")
    with open(manifest, "w") as f:
        f.write("run = verify\nfunc = exp, gelu, tanh, sigmoid\nsegments = 256\n"
                "random = 3000000\nthreads = 1\n")
    folder = os.path.join(tmp, "slow-slurm")
    r = sweep(manifest, "--out", folder, "--backend", "slurm", "--jobs", "1", "--no-wait", env=env)
    check(r.returncode == 0, f"--no-wait: {r.stderr}")
    job = r.stdout.strip()
    time.sleep(1.5)
    subprocess.run(["scancel", f"{job}_2"], env=env, check=False)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        q = subprocess.run(["squeue", "-h", "-j", job], capture_output=True, text=True, env=env)
        if q.returncode != 0 or not q.stdout.strip():
            break
        time.sleep(1)
    r = sweep("--merge", folder)
    check(r.returncode == 1 and "1 missing" in r.stdout, f"merge after scancel: {r.stdout} {r.stderr}")
    r = sweep(manifest, "--out", folder, "--backend", "slurm", "--resume", env=env)
    check(r.returncode == 0 and ran(r) == 1, f"resume after scancel ran {ran(r)}: {r.stderr}")
    table = rows(folder)
    check(len(table) == 4 and len({row["hash"] for row in table}) == 4 and
          all(row["status"] == "done" and row["mismatches"] == "0" for row in table),
          f"after resume: {table}")
    check(len(os.listdir(os.path.join(folder, "results"))) == 4, "result files after resume")


with tempfile.TemporaryDirectory(prefix="sweep_test.") as tmp:
    {"local": test_local, "slurm": test_slurm}[MODE](tmp)
if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("PASS")
