#!/usr/bin/python3
"""Replays the reference set of array runs recorded before the sim/ refactor
(stats_reference.json, made by scripts/record_stats_reference.py with the
binary of commit 4fb9133) and requires the same statistics from today's
binary: nothing in the refactor may change behaviour.

    stats_reference_test.py BUILD/sim/interpsim [REFERENCE.json]

Renamed options and keys are mapped here, and only here (RENAMED_* below);
wall-clock fields were dropped when recording. Exit status 1 lists every
difference.
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMING_KEYS = ("sim_seconds", "sim_elements_per_second")

# Options renamed by the refactor: old -> new.
RENAMED_OPTIONS = {"--interp_impl": "--lane_impl"}
# Stats keys renamed, per command: old -> new.
RENAMED_KEYS = {
    "simd": {"bank_conflicts": "bank_conflict_cycles"},
    "simt": {"bank_conflicts": "bank_conflict_replays"},
}
# Config keys renamed (SIMT's interp_impl is the shared lane_impl now).
RENAMED_CONFIG_KEYS = {"simt": {"interp_impl": "lane_impl"}}
# Keys the refactor added: checked (what mismatches proves: a string now,
# SIMT's was a bool), golden (SIMD's is new; SIMT's text names the design),
# the table's number format.
NEW_KEYS = {"checked", "golden"}
NEW_CONFIG_KEYS = {"format": "fp32", "kb": "fp32"}
# Config keys added later, per command, with their defaults: SIMD's engine
# (the steady-state skip, default fast; it must not change any recorded
# statistic), SIMD's lane width (sub-word slots, default one 32-bit lane), the
# host threads of SIMD's RTL lane models and SIMT's launch harness keys.
NEW_COMMAND_CONFIG_KEYS = {"simd": {"engine": "fast", "subword": 32, "rtl_lane_threads": 1},
                           "simt": {"grid_blocks": 0, "launch_overhead_us": 6.7}}


def expected_checked(command, args, old):
    """What the new `checked` must say for a run the old binary recorded."""
    value = dict(zip(args, args[1:]))
    if command == "simd":
        if value.get("--check", "true") in ("false", "0"):
            return "none"
        lanes = value.get("--lane_impl")
        if lanes is None:  # from the config file
            with open(os.path.join(ROOT, value["--config"])) as f:
                lanes = next(l.split("=")[1].split()[0] for l in f if l.startswith("lane_impl"))
        return "rtl" if lanes == "rtl" else "routing"
    if not old.get("checked"):
        return "none"
    if value.get("--kernel") == "interp":
        return "rtl" if value.get("--interp_impl") == "rtl" else "routing"
    return "program"


def run(binary, args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stats.json")
        done = subprocess.run([binary] + args + ["--json", path], cwd=ROOT, capture_output=True,
                              text=True)
        if done.returncode != 0:
            return None, "exit %d: %s" % (done.returncode, done.stderr.strip())
        with open(path) as f:
            return json.load(f), None


def same_value(old, new):
    if old == new:
        return True
    # The old SIMD config kept a and m as text; both print the same number.
    try:
        return float(old) == float(new)
    except (TypeError, ValueError):
        return False


def compare(command, args, old, new):
    problems = []
    renamed = RENAMED_KEYS[command]
    for key, value in old.items():
        if key in TIMING_KEYS or key in NEW_KEYS:
            continue
        new_key = renamed.get(key, key)
        if new_key not in new:
            problems.append("key %s (now %s) is missing" % (key, new_key))
        elif key == "config":
            problems += compare_config(command, value, new["config"], new)
        elif new[new_key] != value:
            problems.append("%s: %s, was %s" % (new_key, json.dumps(new[new_key]), json.dumps(value)))
    for key in NEW_KEYS:
        if key not in new:
            problems.append("key %s is missing" % key)
    want = expected_checked(command, args, old)
    if new.get("checked") != want:
        problems.append("checked: %s, expected %s" % (new.get("checked"), want))
    return problems


def compare_config(command, old, new, stats):
    problems = []
    renamed = RENAMED_CONFIG_KEYS.get(command, {})
    new_keys = dict(NEW_CONFIG_KEYS, **NEW_COMMAND_CONFIG_KEYS.get(command, {}))
    for key, value in old.items():
        new_key = renamed.get(key, key)
        if new_key not in new:
            problems.append("config.%s (now %s) is missing" % (key, new_key))
        elif same_value(value, new[new_key]):
            continue
        elif value == "" and command == "simt" and key in ("func", "a", "m"):
            # Unset before (the kernel's function, the paper's interval); the
            # config now shows the effective value, the one the run used.
            if not same_value(stats[key], new[new_key]):
                problems.append("config.%s: %s, the run used %s" % (key, new[new_key], stats[key]))
        else:
            problems.append("config.%s: %s, was %s" % (new_key, json.dumps(new[new_key]),
                                                       json.dumps(value)))
    for key, value in new_keys.items():
        if new.get(key) != value:
            problems.append("config.%s: %s, expected %s" % (key, new.get(key), value))
    known = {renamed.get(k, k) for k in old} | set(new_keys)
    for key in sorted(set(new) - known):
        problems.append("config.%s is new and not declared in this test" % key)
    return problems


def main():
    binary = os.path.abspath(sys.argv[1])
    reference = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "stats_reference.json")
    with open(reference) as f:
        records = json.load(f)["records"]
    jobs = []
    for record in records:
        args = [RENAMED_OPTIONS.get(a, a) for a in record["args"]]
        jobs.append((record, args))
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        results = pool.map(lambda job: run(binary, job[1]), jobs)
        for (record, args), (stats, error) in zip(jobs, results):
            command = args[0]
            problems = [error] if error else compare(command, record["args"], record["stats"], stats)
            if problems:
                failures += 1
                print("FAIL interpsim %s" % " ".join(args))
                for problem in problems[:20]:
                    print("    " + problem)
    print("%d passed, %d failed" % (len(records) - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
