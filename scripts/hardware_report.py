#!/usr/bin/python3
"""Yosys 0.23 synthesis figures of the interpolation and binary-search units.

  hardware_report.py synth TOP [PARAM=VALUE ...] [--expect-memory-bits B]
      Generic synthesis of rtl/TOP.sv; prints one JSON object (cells by type,
      flip-flops, memory bits, logic depth). Exit 1 when Yosys fails or the
      memory bits differ from B (memories must stay memories, not flip-flops).
  hardware_report.py report [--out docs/results/hardware.md]
      Synthesizes every unit at N = 16 .. 4096 and writes the Markdown report.
  hardware_report.py formats [--out docs/results/hardware-formats.md]
      interp_lane (SegBitsMax = 8) in every io/kb format instance of
      rtl/formats.cmake beside fp32, flattened WITH its FP units (the format
      changes mostly them): cells, flip-flops, depth.

Flow: read every module of the RTL file list (rtl/rtl_files.cmake); fp32_add
and fp32_fma are black boxes inside the units (reported on their own rows, so
the unit rows show the logic that depends on N); `synth -flatten -run begin:fine` (coarse synthesis with
`memory -nomap`: table and breakpoint memories stay $mem_v2 cells counted as
memory bits), then techmap, `abc -fast` to generic gates, `stat` and
`ltp -noff` (longest path in cells, a logic-depth proxy).
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RTL = os.path.join(ROOT, "rtl")
sys.path.insert(0, RTL)
import rtl_files  # noqa: E402  (rtl/rtl_files.py: the RTL file list)
from output_file import replace_output  # noqa: E402

FP_UNITS = ["fp32_add", "fp32_fma"]
# The 8-bit multipliers of issue 13 item 7 (testbench/fixed/mul_rtl_test.cpp).
MUL_UNITS = ["lbfp8_mul", "int8_mul"]


def package_ints():
    """The `localparam int NAME = EXPR;` of rtl/interpsim_pkg.svh, EXPR over integers and
    earlier names with + - * and parentheses."""
    values = {}
    text = open(os.path.join(RTL, "interpsim_pkg.svh")).read()
    for name, expr in re.findall(r"localparam int (\w+)\s*=\s*([^;]+);", text):
        for word in re.findall(r"[A-Za-z_]\w*", expr):
            if word not in values:
                raise SystemExit(f"hardware_report: {name} = {expr}: unknown name {word}")
        if not re.fullmatch(r"[\w\s+*()-]+", expr):
            raise SystemExit(f"hardware_report: {name} = {expr}: unsupported expression")
        values[name] = eval(expr, {"__builtins__": {}}, dict(values))
    return values


PACKAGE = package_ints()
FP_LATENCY = {"fp32_add": PACKAGE["Fp32AddLatency"], "fp32_fma": PACKAGE["Fp32FmaLatency"]}


def yosys_script(top, params, black_boxes=True):
    files = rtl_files.sources(*rtl_files.modules())  # every rtl/ module, in list order
    script = ["read_verilog -sv " + " ".join(files)]
    if top not in FP_UNITS and black_boxes:
        script += ["blackbox " + " ".join(FP_UNITS)]
    chparams = " ".join(f"-chparam {k} {v}" for k, v in params.items())
    script += [
        f"hierarchy -top {top} {chparams}",
        f"synth -top {top} -flatten -run begin:fine",
        "opt -fast -full", "techmap", "opt -fast", "abc -fast", "opt_clean",
        "tee -q -o {stat} stat", "tee -q -o {ltp} ltp -noff", "tee -q -o {mems} dump t:$mem_v2",
    ]
    return script


def synthesize(top, params, black_boxes=True):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        stat_file, ltp_file = os.path.join(tmp, "stat.txt"), os.path.join(tmp, "ltp.txt")
        mems_file = os.path.join(tmp, "mems.txt")
        script = "; ".join(yosys_script(top, params, black_boxes)).format(
            stat=stat_file, ltp=ltp_file, mems=mems_file)
        done = subprocess.run(["yosys", "-q", "-p", script], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"yosys failed for {top} {params}:\n{done.stdout[-2000:]}"
                               f"{done.stderr[-2000:]}")
        stat = open(stat_file).read()
        ltp = open(ltp_file).read()
        # $mem_v2 cells (memory -nomap) are not in stat's "memory bits": SIZE x WIDTH each.
        memory_bits = 0
        for cell in open(mems_file).read().split("  cell ")[1:]:
            size = int(re.search(r"parameter \\SIZE (\d+)", cell).group(1))
            width = int(re.search(r"parameter \\WIDTH (\d+)", cell).group(1))
            memory_bits += size * width
    cells = {}
    for name, count in re.findall(r"^\s+(\$\S+|fp32_\w+)\s+(\d+)\s*$", stat, re.M):
        cells[name] = cells.get(name, 0) + int(count)
    total = int(re.search(r"Number of cells:\s+(\d+)", stat).group(1))
    depth = re.search(r"length=(\d+)", ltp)
    flops = sum(c for t, c in cells.items() if re.match(r"\$_(S?DFF|DFFE|SDFFE|SDFFCE|ALDFF|DLATCH)", t))
    return {
        "top": top, "params": params, "cells": total, "cells_by_type": cells,
        "flip_flops": flops, "gates": total - flops - cells.get("$mem_v2", 0)
        - sum(cells.get(f, 0) for f in FP_UNITS),
        "memory_bits": memory_bits,
        "depth": int(depth.group(1)) if depth else None,
    }


def timing(top, seg_bits, params=None):
    """(latency, II) as documented in docs/rtl.md and checked by the verilated tests.
    The register stages added for timing (ExtraStages of fp32_add/fp32_fma,
    AddExtraStages/FmaExtraStages of the lanes and units) add one cycle each."""
    params = params or {}
    if top in MUL_UNITS:  # one optional output register (OutReg, default 1)
        return (1 if params.get("OutReg", 1) else 0), 1
    if top in FP_UNITS:
        return FP_LATENCY[top] + params.get("ExtraStages", 0), 1
    extra = params.get("AddExtraStages", 0) + params.get("FmaExtraStages", 0)
    if top in ("interp_lane", "interp_unit"):
        return PACKAGE["InterpLaneLatency"] + extra, 1
    if top in ("int_interp_lane", "subword_interp_lane"):
        return PACKAGE["IntInterpLaneLatency"], 1
    if top == "lbfp_interp_lane":
        return PACKAGE["LbfpInterpLaneLatency"], 1
    if top == "lbfp8_int_interp_lane":
        return PACKAGE["Lbfp8IntInterpLaneLatency"], 1
    if top in ("value_lut_lane", "value_lut_unit"):
        return PACKAGE["ValueLutLaneLatency"], 1
    if top == "nonuniform_lane":  # IN + one stage per search level + interp_lane
        part_bits = int(params.get("PartBitsMax", PACKAGE["NonuniformLanePartBits"]))
        return part_bits + 1 + PACKAGE["InterpLaneLatency"], 1
    latency = seg_bits + 2 + FP_LATENCY["fp32_fma"] + extra
    if top == "bsearch_pipelined":
        return latency, 1
    return latency, seg_bits  # bsearch_iterative


def fmt_types(cells):
    keep = sorted(cells.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{t.strip('$_')} {c}" for t, c in keep)


def report(out_path):
    sizes = [4, 6, 8, 10, 12]
    rows = []
    fp = {u: synthesize(u, {}) for u in FP_UNITS}
    for seg_bits in sizes:
        n = 1 << seg_bits
        for top, param in [("interp_lane", "SegBitsMax"), ("interp_unit", "SegBitsMax"),
                           ("bsearch_pipelined", "SegBits"), ("bsearch_iterative", "SegBits")]:
            r = synthesize(top, {param: seg_bits})
            r["N"] = n
            r["latency"], r["ii"] = timing(top, seg_bits)
            if top == "interp_lane":
                r["table_bits"] = (n + 2) * 64  # external (shared/banked) table
            else:
                r["table_bits"] = r["memory_bits"]
            rows.append(r)
            print(f"{top} N={n}: {r['cells']} cells, depth {r['depth']}", file=sys.stderr)

    lines = [
        "# Hardware figures (Yosys 0.23 generic synthesis)",
        "",
        f"Produced by `scripts/hardware_report.py report` on {datetime.date.today()}; "
        "rerun it after any RTL change. Flow (see the script's docstring): every unit is "
        "flattened with `fp32_add`/`fp32_fma` as black boxes (their own rows below), coarse "
        "synthesis with `memory -nomap` (table and breakpoint memories stay memories and are "
        "counted as memory bits, not flip-flops), `techmap`, `abc -fast` to Yosys's generic "
        "gate library, then `stat` and `ltp -noff`. *Depth* is the longest path in generic "
        "cells (a logic-depth proxy, black boxes count as one cell), not a timing figure. "
        "Latency and II are the documented cycle contract (docs/rtl.md), checked by the "
        "verilated suites.",
        "",
        "## FP units (inside every unit below)",
        "",
        "| unit | latency | II | cells | gates | flip-flops | depth | cells by type |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for u in FP_UNITS:
        r = fp[u]
        lat, ii = timing(u, 0)
        lines.append(f"| {u} | {lat} | {ii} | {r['cells']} | {r['gates']} | {r['flip_flops']} | "
                     f"{r['depth']} | {fmt_types(r['cells_by_type'])} |")
    fp_cells = sum(fp[u]["cells"] for u in FP_UNITS)
    lines += [
        "",
        "## Interpolation (Algorithm 1) vs binary search, by table size",
        "",
        "*cells* excludes the FP units (`interp_*`: one fp32_add and one fp32_fma; "
        "`bsearch_*`: one fp32_fma). *table bits*: `interp_lane` reads an external table "
        "((N+2) x 64 bits, shared or banked in an array); the other units hold their memories "
        "(interp_unit: 2^SegBitsMax + 2 rows of 64 bits; bsearch: N + 2 rows of 64 bits plus "
        "the breakpoints t_1..t_(N-1) (pipelined, one memory per level) or t_0..t_(N-1) "
        "(iterative) of 32 bits).",
        "",
        "| N | unit | latency | II | cells | gates | flip-flops | depth | table/memory bits |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['N']} | {r['top']} | {r['latency']} | {r['ii']} | {r['cells']} | "
                     f"{r['gates']} | {r['flip_flops']} | {r['depth']} | {r['table_bits']} |")
    lines += ["", "## Cells by type", "", "| N | unit | cells by type |", "|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['N']} | {r['top']} | {fmt_types(r['cells_by_type'])} |")
    lane = [r for r in rows if r["top"] == "interp_lane"]
    pipe = [r for r in rows if r["top"] == "bsearch_pipelined"]
    iters = [r for r in rows if r["top"] == "bsearch_iterative"]
    lines += [
        "",
        "## Reading",
        "",
        f"- `interp_lane` logic: {lane[0]['cells']} cells at N = {lane[0]['N']}, "
        f"{lane[-1]['cells']} at N = {lane[-1]['N']}; latency {lane[0]['latency']} and II 1 for "
        "every N. Only the row-index width (SegBitsMax + 1 bits) changes with N.",
        f"- `bsearch_pipelined`: latency grows with log2 N ({pipe[0]['latency']} -> "
        f"{pipe[-1]['latency']} cycles), and so do its comparators and stage registers "
        f"({pipe[0]['cells']} -> {pipe[-1]['cells']} cells).",
        f"- `bsearch_iterative`: one comparator ({iters[0]['cells']} -> {iters[-1]['cells']} "
        f"cells), but II = log2 N ({iters[0]['ii']} -> {iters[-1]['ii']} cycles per element).",
        f"- The FP units ({fp_cells} cells for fp32_add + fp32_fma) dominate every "
        "design's logic.",
        "",
    ]
    with open(out_path + ".tmp", "w") as f:
        f.write("\n".join(lines))
    replace_output(out_path + ".tmp", out_path)
    print(f"wrote {out_path}", file=sys.stderr)


def rtl_formats():
    """rtl/formats.cmake, the one list: {name: (ExpBits, ManBits, FiniteOnly)} and the io
    formats verilated besides fp32."""
    text = open(os.path.join(RTL, "formats.cmake")).read()
    layouts = {name: tuple(int(v) for v in values.split())
               for name, values in re.findall(r"set\(INTERPSIM_RTL_FORMAT_(\w+)\s+([\d ]+?)\s+CACHE",
                                              text)}
    io = re.search(r"set\(INTERPSIM_RTL_IO_FORMATS\s+([\w ]+?)\s+CACHE", text).group(1).split()
    return layouts, io


def formats_report(out_path):
    layouts, io_formats = rtl_formats()
    instances = [("fp32", "fp32")] + [(io, kb) for io in io_formats for kb in ("fp32", "io")]
    rows = []
    for io, kb in instances:
        kb_format = io if kb == "io" else kb
        params = {"SegBitsMax": 8}
        for prefix, name in (("Io", io), ("Kb", kb_format)):
            exp_bits, man_bits, finite_only = layouts[name]
            params.update({f"{prefix}ExpBits": exp_bits, f"{prefix}ManBits": man_bits,
                           f"{prefix}FiniteOnly": finite_only})
        r = synthesize("interp_lane", params, black_boxes=False)
        r["io"], r["kb"] = io, kb
        r["row_bits"] = 2 * (1 + layouts[kb_format][0] + layouts[kb_format][1])
        rows.append(r)
        print(f"interp_lane {io}/{kb}: {r['cells']} cells, depth {r['depth']}", file=sys.stderr)
    base = rows[0]
    lines = [
        "# Hardware figures per number format (Yosys 0.23 generic synthesis)",
        "",
        f"Produced by `scripts/hardware_report.py formats` on {datetime.date.today()}. "
        "`interp_lane` with SegBitsMax = 8 in every io/kb instance of `rtl/formats.cmake`, "
        "flattened **with** its FP units (the subtractor in the io format, the FMA with io "
        "`x` and kb `K`, `B`), the same flow as docs/results/hardware.md otherwise (coarse "
        "synthesis, `techmap`, `abc -fast` to generic gates, `stat`, `ltp -noff`: depth is "
        "the longest path in generic cells, a logic-depth proxy). The table is external "
        "(a row is `2 x` the kb width). Latency and II do not change with the format "
        f"({PACKAGE['InterpLaneLatency']} cycles, II = 1).",
        "",
        "| io | kb | table row bits | cells | vs fp32 | gates | flip-flops | depth |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['io']} | {r['kb']} | {r['row_bits']} | {r['cells']} | "
                     f"{r['cells'] / base['cells']:.2f} | {r['gates']} | {r['flip_flops']} | "
                     f"{r['depth']} |")
    lines += ["", "## Cells by type", "", "| io | kb | cells by type |", "|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['io']} | {r['kb']} | {fmt_types(r['cells_by_type'])} |")
    lines.append("")
    with open(out_path + ".tmp", "w") as f:
        f.write("\n".join(lines))
    replace_output(out_path + ".tmp", out_path)
    print(f"wrote {out_path}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("synth")
    s.add_argument("top")
    s.add_argument("params", nargs="*", metavar="PARAM=VALUE")
    s.add_argument("--expect-memory-bits", type=int)
    r = sub.add_parser("report")
    r.add_argument("--out", default=os.path.join(ROOT, "docs", "results", "hardware.md"))
    f = sub.add_parser("formats")
    f.add_argument("--out",
                   default=os.path.join(ROOT, "docs", "results", "hardware-formats.md"))
    args = parser.parse_args()
    if args.command == "formats":
        formats_report(args.out)
        return 0
    if args.command == "synth":
        params = {}
        for p in args.params:
            if "=" not in p:
                print(f"hardware_report: expected PARAM=VALUE, got '{p}'", file=sys.stderr)
                return 2
            k, v = p.split("=", 1)
            params[k] = v
        try:
            result = synthesize(args.top, params)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        print(json.dumps(result))
        if args.expect_memory_bits is not None and result["memory_bits"] != args.expect_memory_bits:
            print(f"FAIL memory bits {result['memory_bits']}, expected {args.expect_memory_bits}",
                  file=sys.stderr)
            return 1
        print("PASS")
        return 0
    report(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
