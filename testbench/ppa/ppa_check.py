#!/usr/bin/python3
"""ctest ppa_flow: scripts/ppa.py on one small unit (interp_lane, fp8e4m3 with
K, B in fp8e4m3, N = 16), the power figures of int8_mul (--power-activity)
and bad input.

  ppa_check.py PPA_PY WORK_DIR

Checks the row's shape (keys, types, the Markdown row's columns), that every
figure is positive and finite and in a plausible range for a 45 nm library,
the relations between them (Fmax, total area, throughput per area), the table
size from the format's widths, and that bad input exits 2 with one line and
writes no file. Prints PASS.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

ppa_py, work = sys.argv[1], sys.argv[2]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
json_path, md_path = os.path.join(work, "row.json"), os.path.join(work, "row.md")

# fp8e4m3: 1 sign + 4 exponent + 3 mantissa bits (docs/design.md section 12).
SEG_BITS, KB_WIDTH = 4, 1 + 4 + 3
done = subprocess.run([ppa_py, "interp_lane", f"SegBitsMax={SEG_BITS}", "--io", "fp8e4m3",
                       "--kb", "io", "--json", json_path, "--md", md_path],
                      capture_output=True, text=True)
if done.returncode != 0:
    print(f"FAIL ppa.py exit {done.returncode}: {done.stderr.strip()}")
    sys.exit(1)
row = json.load(open(json_path))
check(json.loads(done.stdout) == row, "stdout row differs from the --json file")

POSITIVE = ["cells", "area_um2", "registers", "critical_path_ns", "fmax_mhz", "table_bits",
            "table_um2", "total_um2", "latency", "ii", "throughput_per_mm2"]
for key in POSITIVE:
    value = row.get(key)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    check(ok and math.isfinite(value) and value > 0,
          f"{key} = {value!r}: not a positive finite number")
for key in ["unit", "io", "kb", "table_model", "critical_from", "critical_to"]:
    check(isinstance(row.get(key), str) and row[key], f"{key} = {row.get(key)!r}: not a string")
if failures:
    print("FAIL " + "; ".join(failures))
    sys.exit(1)

check(row["unit"] == "interp_lane" and row["io"] == "fp8e4m3" and row["kb"] == "io",
      f"unit/io/kb {row['unit']}/{row['io']}/{row['kb']}")
check(row["params"].get("SegBitsMax") == SEG_BITS and row["segments"] == 1 << SEG_BITS,
      f"params {row['params']}, segments {row['segments']}")
check(row["cells"] == sum(row["cells_by_type"].values()), "cells != sum of cells_by_type")
check(0 < row["registers"] < row["cells"], f"registers {row['registers']} of {row['cells']} cells")
# NanGate45 cells are 0.53 (INV_X1) to ~10 um^2 each; a 45 nm path of a few
# hundred cells takes 0.1 .. 50 ns: a unit slip (seconds, ps) falls outside.
check(0.5 < row["area_um2"] / row["cells"] < 10, f"{row['area_um2']} um^2 for {row['cells']} cells")
check(0.1 < row["critical_path_ns"] < 50, f"critical path {row['critical_path_ns']} ns")
check(abs(row["fmax_mhz"] * row["critical_path_ns"] - 1000) < 1,
      "fmax_mhz != 1000 / critical_path_ns")
check(row["ii"] == 1, f"interp_lane II {row['ii']}, expected 1")
# The external table: 2^SegBitsMax segments + 2 edge rows of {K, B} in the kb format.
check(row["table_bits"] == ((1 << SEG_BITS) + 2) * 2 * KB_WIDTH, f"table bits {row['table_bits']}")
check(row["table_model"] == "registers", f"a {row['table_bits']}-bit table as {row['table_model']}")
check(abs(row["total_um2"] - row["area_um2"] - row["table_um2"]) < 0.05, "total != logic + table")
expected = row["fmax_mhz"] * 1e6 / row["ii"] / (row["total_um2"] * 1e-6)
check(abs(row["throughput_per_mm2"] / expected - 1) < 1e-6, "throughput_per_mm2 != Fmax/II/area")

# The slowest end registers come from a second OpenSTA query (every endpoint's
# worst path): the slowest must be the critical path's end, the list sorted.
ends = row["slowest_ends"]
check(isinstance(ends, list) and len(ends) >= 2, f"slowest_ends {ends!r}")
if isinstance(ends, list) and ends:
    check(ends[0] == [row["critical_to"], row["critical_path_ns"]],
          f"slowest end {ends[0]} != critical path {row['critical_to']} {row['critical_path_ns']}")
    delays = [ns for _, ns in ends]
    check(delays == sorted(delays, reverse=True) and delays[-1] > 0, f"slowest_ends {ends}")

lines = open(md_path).read().splitlines()
check(len(lines) == 3 and lines[1].startswith("|---"), f"Markdown: {len(lines)} lines")
if len(lines) == 3:
    columns = [len(line.strip().strip("|").split("|")) for line in lines]
    check(columns[0] == columns[1] == columns[2], f"Markdown columns {columns}")
    check(f"| {row['cells']} |" in lines[2], "Markdown row lacks the cell count")

# Power (--power-activity): int8_mul without its register, so every watt but
# leakage comes from the inputs' toggling. The parts add up to the total;
# with no input toggling only leakage is left; OpenSTA propagates transition
# densities linearly in the inputs' densities (duty fixed at 0.5), so half
# the activity gives half the dynamic power.
POWER_KEYS = ("power_internal_mw", "power_switching_mw", "power_leakage_mw", "power_total_mw")


def power_row(activity):
    done = subprocess.run([ppa_py, "int8_mul", "OutReg=0", "--power-activity", str(activity)],
                          capture_output=True, text=True)
    check(done.returncode == 0, f"power {activity}: exit {done.returncode} {done.stderr.strip()}")
    return json.loads(done.stdout) if done.returncode == 0 else None


powers = {activity: power_row(activity) for activity in (0, 0.25, 0.5)}
if all(powers.values()):
    for activity, r in powers.items():
        check(all(isinstance(r.get(k), float) and r[k] >= 0 for k in POWER_KEYS),
              f"power {activity}: {[r.get(k) for k in POWER_KEYS]}")
        parts = r["power_internal_mw"] + r["power_switching_mw"] + r["power_leakage_mw"]
        check(math.isclose(parts, r["power_total_mw"], rel_tol=1e-3, abs_tol=1e-5),
              f"power {activity}: parts {parts} != total {r['power_total_mw']}")
        check(r["power_activity"] == activity, f"power_activity {r.get('power_activity')}")
    dynamic = {a: r["power_total_mw"] - r["power_leakage_mw"] for a, r in powers.items()}
    check(dynamic[0] < 1e-6, f"no toggling, dynamic power {dynamic[0]} mW")
    check(0.1 < dynamic[0.5] < 100, f"dynamic power {dynamic[0.5]} mW at activity 0.5")
    check(math.isclose(dynamic[0.25], dynamic[0.5] / 2, rel_tol=0.02),
          f"dynamic power {dynamic[0.25]} at 0.25 is not half of {dynamic[0.5]} at 0.5")
    check(all(math.isclose(r["power_leakage_mw"], powers[0]["power_leakage_mw"], rel_tol=1e-3)
              for r in powers.values()), "leakage changes with activity")
check("power_total_mw" not in row, "a row without --power-activity has power figures")

# Bad input: exit 2, one line on stderr, no output file.
empty_pdk = tempfile.mkdtemp(prefix="ppa-no-lib-")
for name, args, env in [
        ("unknown unit", ["no_such_unit"], {}),
        ("unknown parameter", ["fp32_add", "NoSuchParam=3"], {}),
        ("unknown format", ["interp_lane", "SegBitsMax=4", "--io", "fp7"], {}),
        ("activity above 1", ["int8_mul", "--power-activity", "1.5"], {}),
        ("missing library", ["interp_lane", "SegBitsMax=4"], {"INTERPSIM_PDK_DIR": empty_pdk})]:
    out = os.path.join(work, "bad.json")
    bad = subprocess.run([ppa_py] + args + ["--json", out], capture_output=True, text=True,
                         env=dict(os.environ, **env))
    check(bad.returncode == 2, f"{name}: exit {bad.returncode}, expected 2 ({bad.stderr.strip()})")
    check(len(bad.stderr.strip().splitlines()) == 1 and bad.stderr.startswith("ppa: "),
          f"{name}: stderr {bad.stderr!r} is not one 'ppa: ' line")
    check(not os.path.exists(out), f"{name}: wrote {out}")
os.rmdir(empty_pdk)

if failures:
    print("FAIL " + "; ".join(failures))
    sys.exit(1)
print(f"PASS interp_lane fp8e4m3/io N={1 << SEG_BITS}: {row['cells']} cells, "
      f"{row['area_um2']} um^2, {row['critical_path_ns']} ns, {row['fmax_mhz']} MHz")
