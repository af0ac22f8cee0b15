#!/usr/bin/env python3
"""ctest: `interpsim verify --exhaustive --shard I/K | --range LO HI` and --json.

- Shards of an fp16 table (.tbl) and of a generated fp8e4m3 table for K = 1, 3,
  7: each passes, and their JSON ranges are floor(I*N/K) .. floor((I+1)*N/K)-1,
  contiguous, disjoint, covering all N inputs.
- --range pieces (hex and decimal) add up to --exhaustive's input count with
  no mismatch; fp32 on tiny ranges only (one 2^16 range, one shard of 65536,
  2^18 inputs split over 2 threads).
- The JSON of every source (--in, --random, --corners, --exhaustive) agrees
  with the printed text; the table hash is FNV-1a 64 of the .tbl text that
  `interpsim table` writes.
- Bad input (shard or range malformed, out of range, reversed, without
  --exhaustive, both given, a --json folder that does not exist): exit status
  2, one line on stderr naming the option, no JSON written.

usage: verify_shard_test.py INTERPSIM WORK_DIR
"""
import json
import os
import re
import struct
import subprocess
import sys

interpsim, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def run(*args):
    return subprocess.run([interpsim, *args], capture_output=True, text=True)


def fnv1a64(data):
    value = 0xcbf29ce484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % value


version = run("--version").stdout.split()[1]


def verify_json(args, name, expect_status=0):
    """Runs verify ARGS --json NAME; checks the JSON against the text; returns it."""
    path = os.path.join(work, name)
    if os.path.exists(path):
        os.remove(path)
    result = run("verify", *args, "--json", path)
    where = "verify " + " ".join(args)
    if result.returncode != expect_status:
        fail("%s exited %d:\n%s%s" % (where, result.returncode, result.stdout, result.stderr))
        return None
    if not os.path.exists(path):
        fail(where + ": no JSON written")
        return None
    with open(path) as file:
        data = json.load(file)
    text = result.stdout
    inputs = re.search(r"^inputs: (\d+) \(", text, re.M)
    cycles = re.search(r"^rtl cycles: (\d+),", text, re.M)
    checks = [
        (data["program"] == "interpsim" and data["version"] == version, "program/version"),
        (data["command"] == "verify", "command"),
        (inputs is not None and int(inputs.group(1)) == data["inputs"], "inputs as printed"),
        (cycles is not None and int(cycles.group(1)) == data["rtl_cycles"], "cycles as printed"),
        (data["pass"] == (data["mismatches"] == 0), "pass"),
        (("\nPASS:" in "\n" + text) == data["pass"], "PASS line"),
        (len(data["first_mismatches"]) == min(data["mismatches"], 10), "first_mismatches"),
        (data["rtl_cycles"] >= data["inputs"], "rtl_cycles >= inputs"),
        (data["seconds"] >= 0 and data["total_seconds"] >= data["seconds"], "seconds"),
        (1 <= data["models"] <= data["threads"], "models <= threads"),
        (("wrote " + path) in text, "wrote line"),
    ]
    for key in ("func", "derivative", "a", "m", "n", "segments", "edges", "format", "kb"):
        checks.append((key in data["table"], "table." + key))
    checks.append((re.fullmatch(r"[0-9a-f]{16}", data["table"]["tbl_fnv1a64"]) is not None,
                   "tbl_fnv1a64 is 16 hex digits"))
    for ok, what in checks:
        if not ok:
            fail("%s: %s\n%s\n%s" % (where, what, text, json.dumps(data)))
    return data


def check_shards(table_args, patterns, digits, tbl_hash, label):
    for k in (1, 3, 7):
        total, next_lo = 0, 0
        for i in range(k):
            data = verify_json([*table_args, "--exhaustive", "--shard", "%d/%d" % (i, k)],
                               "%s-%d-%d.json" % (label, i, k))
            if data is None:
                continue
            lo, hi = data["range"]["lo"], data["range"]["hi"]
            where = "%s shard %d/%d" % (label, i, k)
            if data["shard"] != {"i": i, "k": k} or data["inputs_from"] != "shard":
                fail(where + ": shard/inputs_from " + json.dumps(data))
            if (lo, hi) != (i * patterns // k, (i + 1) * patterns // k - 1):
                fail("%s: range %d .. %d is not the documented split" % (where, lo, hi))
            if lo != next_lo:
                fail("%s: starts at %d, the previous shard ended at %d" % (where, lo, next_lo - 1))
            if data["inputs"] != hi - lo + 1 or not data["pass"] or data["mismatches"] != 0:
                fail(where + ": inputs/pass " + json.dumps(data))
            if data["range"]["lo_hex"] != "0x%0*x" % (digits, lo) or \
                    data["range"]["hi_hex"] != "0x%0*x" % (digits, hi):
                fail(where + ": lo_hex/hi_hex " + json.dumps(data["range"]))
            if data["input_patterns"] != patterns or data["table"]["tbl_fnv1a64"] != tbl_hash:
                fail(where + ": input_patterns/hash " + json.dumps(data))
            total += data["inputs"]
            next_lo = hi + 1
        if total != patterns or next_lo != patterns:
            fail("%s K=%d: shards cover %d inputs up to %d, not %d" %
                 (label, k, total, next_lo - 1, patterns))


# fp16 from a .tbl file; its hash is FNV-1a 64 of the file's bytes.
g16 = os.path.join(work, "gelu8_fp16.tbl")
subprocess.run([interpsim, "table", "--func", "gelu", "--n", "8", "--format", "fp16", "--out",
                g16], check=True, stdout=subprocess.DEVNULL)
with open(g16, "rb") as file:
    g16_hash = fnv1a64(file.read())
check_shards(["--table", g16], 65536, 4, g16_hash, "fp16")

# fp8e4m3 generated from --func: the hash is that of the .tbl `table` writes.
e4m3_args = ["--func", "gelu", "--a", "-4", "--m", "3", "--n", "9", "--format", "fp8e4m3"]
e4m3 = os.path.join(work, "gelu9_e4m3.tbl")
subprocess.run([interpsim, "table", *e4m3_args, "--out", e4m3], check=True,
               stdout=subprocess.DEVNULL)
with open(e4m3, "rb") as file:
    e4m3_hash = fnv1a64(file.read())
check_shards(e4m3_args, 256, 2, e4m3_hash, "fp8e4m3")

# --exhaustive, and --range pieces (inclusive, hex and decimal) adding up to it.
whole = verify_json(["--table", g16, "--exhaustive"], "fp16-all.json")
if whole is not None:
    if (whole["inputs_from"], whole["shard"], whole["inputs"]) != ("exhaustive", None, 65536) or \
            (whole["range"]["lo"], whole["range"]["hi"]) != (0, 65535):
        fail("--exhaustive JSON: " + json.dumps(whole))
    if whole["table"]["file"] != g16 or whole["table"]["format"] != "fp16" or \
            whole["table"]["n"] != 8 or whole["table"]["func"] != "gelu":
        fail("--exhaustive JSON table: " + json.dumps(whole["table"]))
pieces = [("0", "0x3fff"), ("0x4000", "0X7FFF"), ("32768", "40000"), ("40001", "65535")]
covered, mismatches = 0, 0
for index, (lo, hi) in enumerate(pieces):
    data = verify_json(["--table", g16, "--exhaustive", "--range", lo, hi],
                       "fp16-range-%d.json" % index)
    if data is None:
        continue
    if data["inputs_from"] != "range" or data["shard"] is not None or \
            data["range"]["lo"] != int(lo, 0) or data["range"]["hi"] != int(hi, 0):
        fail("--range %s %s: %s" % (lo, hi, json.dumps(data)))
    covered += data["inputs"]
    mismatches += data["mismatches"]
if whole is None or covered != whole["inputs"] or mismatches != 0:
    fail("--range pieces cover %d inputs with %d mismatches, --exhaustive %s" %
         (covered, mismatches, whole and whole["inputs"]))
one = verify_json(["--table", g16, "--exhaustive", "--range", "0x3c00", "0x3c00"], "one.json")
if one is not None and one["inputs"] != 1:
    fail("--range 0x3c00 0x3c00 checked %d inputs" % one["inputs"])

# fp32: tiny parts of the 2^32 only.
fp32_args = ["--func", "gelu", "--n", "12"]
data = verify_json([*fp32_args, "--exhaustive", "--range", "0x3f800000", "0x3f80ffff"],
                   "fp32-range.json")
if data is not None and (data["inputs"] != 65536 or data["range"]["lo_hex"] != "0x3f800000" or
                         data["range"]["hi_hex"] != "0x3f80ffff" or not data["pass"]):
    fail("fp32 --range: " + json.dumps(data))
data = verify_json([*fp32_args, "--exhaustive", "--shard", "16320/65536", "--threads", "1"],
                   "fp32-shard.json")
if data is not None and (data["inputs"] != 65536 or data["range"]["lo"] != 0x3fc00000 or
                         data["threads"] != 1 or data["models"] != 1):
    fail("fp32 --shard 16320/65536: " + json.dumps(data))
data = verify_json([*fp32_args, "--exhaustive", "--range", "0xbf800000", "0xbf83ffff",
                    "--threads", "2"], "fp32-threads.json")
if data is not None and (data["inputs"] != 1 << 18 or data["threads"] != 2 or
                         data["models"] != 2):
    fail("fp32 2^18 inputs over --threads 2: " + json.dumps(data))

# The other sources leave a result too (no range, no shard).
trace = os.path.join(work, "x.npy")
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"
header += " " * (128 - 10 - len(header) - 1) + "\n"
with open(trace, "wb") as file:
    file.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    file.write(struct.pack("<5f", -6.0, -1.0, 0.0, 0.5, 3.0))
for args, source, count in [(["--in", trace], "in", 5), (["--random", "2000", "--seed", "5"],
                                                         "random", 2000), (["--corners"],
                                                                           "corners", None)]:
    data = verify_json([*fp32_args, *args], "fp32-%s.json" % source)
    if data is None:
        continue
    if data["inputs_from"] != source or data["range"] is not None or data["shard"] is not None \
            or (count is not None and data["inputs"] != count) or data["models"] != 1:
        fail("--%s JSON: %s" % (source, json.dumps(data)))
    if source == "random" and data.get("seed") != 5:
        fail("--random JSON without seed 5: " + json.dumps(data))
    if source == "in" and data.get("trace") != trace:
        fail("--in JSON without the trace: " + json.dumps(data))

# Bad input: status 2, one line naming the option, no JSON.
bad = [
    (["--table", g16, "--exhaustive", "--shard", "3/3"], "--shard"),
    (["--table", g16, "--exhaustive", "--shard", "0/0"], "--shard"),
    (["--table", g16, "--exhaustive", "--shard", "1"], "--shard"),
    (["--table", g16, "--exhaustive", "--shard", "a/7"], "--shard"),
    (["--table", g16, "--exhaustive", "--shard", "-1/7"], "--shard"),
    (["--table", g16, "--exhaustive", "--shard", "1/2/3"], "--shard"),
    (["--table", g16, "--exhaustive", "--shard", "0/1048577"], "--shard"),
    (["--table", g16, "--exhaustive", "--shard", "0/65537"], "--shard"),
    ([*e4m3_args, "--exhaustive", "--shard", "0/257"], "--shard"),
    (["--table", g16, "--exhaustive", "--range", "0", "0x10000"], "--range"),
    ([*e4m3_args, "--exhaustive", "--range", "0", "256"], "--range"),
    ([*fp32_args, "--exhaustive", "--range", "0", "0x100000000"], "--range"),
    (["--table", g16, "--exhaustive", "--range", "9", "8"], "--range"),
    (["--table", g16, "--exhaustive", "--range", "5"], "--range"),
    (["--table", g16, "--exhaustive", "--range", "1", "2", "3"], "--range"),
    (["--table", g16, "--exhaustive", "--range", "-1", "5"], "--range"),
    (["--table", g16, "--exhaustive", "--range", "0x", "5"], "--range"),
    (["--table", g16, "--exhaustive", "--range", "0", "12abc"], "--range"),
    (["--table", g16, "--corners", "--shard", "0/2"], "--shard"),
    (["--table", g16, "--random", "10", "--range", "0", "1"], "--range"),
    (["--table", g16, "--exhaustive", "--shard", "0/2", "--range", "0", "1"], "--range"),
]
for args, option in bad:
    path = os.path.join(work, "bad.json")
    if os.path.exists(path):
        os.remove(path)
    result = run("verify", *args, "--json", path)
    lines = result.stderr.splitlines()
    if result.returncode != 2 or len(lines) != 1 or option not in lines[0] or \
            os.path.exists(path):
        fail("verify %s: status %d, JSON %s, stderr:\n%s" %
             (" ".join(args), result.returncode, os.path.exists(path), result.stderr))
result = run("verify", "--table", g16, "--corners", "--json",
             os.path.join(work, "no-such-folder", "r.json"))
if result.returncode != 2 or len(result.stderr.splitlines()) != 1 or "--json" not in result.stderr:
    fail("--json in a missing folder: status %d, %s" % (result.returncode, result.stderr))

if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
print("PASS: shards, ranges, JSON results and bad input")
