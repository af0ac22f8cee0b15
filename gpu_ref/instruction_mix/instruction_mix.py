#!/usr/bin/python3
"""Per-element instruction mixes of the gpu_ref kernels, from PTX and SASS.

Compiles gpu_ref/instruction_mix/mix_kernels.cu (one kernel per element
function, one element per thread) with nvcc for each architecture, to PTX
(nvcc -ptx) and, when cuobjdump is available, to SASS (nvcc -cubin, then
cuobjdump -sass; no GPU needed). Each kernel is split into basic blocks; the
script counts the instructions of every class along the longest acyclic path
from the entry (for the lookups that is the in-range path; for functions with
a slow path it is an upper bound), records each loop's body (a backward
branch) separately, and subtracts the harness kernel (thread index, bounds
check, ld/st of the element) so that

    per_element = path(kernel) - path(harness) + element I/O

where element I/O is one global load and one global store (softmax_alg1: three
loads and two stores, its three passes). For bsearch the path goes through
the loop body once: per_element(N) = path + (ceil(log2 N) - 1) * loop_body.

With --real-object (the built libgpu_ref_device.a) and cuobjdump, the SASS of
the real float4 grid-stride kernels is read too: the widest loop holding a
128-bit global load is the vector loop, and its static body / 4 is recorded
as their per-element mix (loop-invariant work hoisted).

Usage (from the repository root):
    /usr/bin/python3 gpu_ref/instruction_mix/instruction_mix.py \
        [--archs 75,90] [--nvcc PATH] [--cuobjdump PATH] [--out-dir DIR] \
        [--real-object build-cuda/gpu_ref/libgpu_ref_device.a] [--compare JSON]
Writes instruction_mix.json and instruction_mix.csv into --out-dir
(default gpu_ref/instruction_mix). Exit 2 on bad options, 1 on tool failure
or (with --compare) a stale committed file, 77 when --compare's file was made
by another nvcc version.
"""

import argparse
import collections
import csv
import datetime
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SOURCE = os.path.join(HERE, "mix_kernels.cu")

# The same device flags as gpu_ref/CMakeLists.txt (GPU_REF_CUDA_FLAGS).
NVCC_FLAGS = ["-std=c++17", "-O3", "-fmad=false", "-ftz=false", "-prec-div=true",
              "-prec-sqrt=true"]

CLASSES = ["fp32", "fp64", "sfu", "int", "conversion", "move", "uniform", "load_global",
           "store_global", "load_shared", "store_shared", "load_const", "local", "branch",
           "sync", "other"]

KERNELS = ["native_exp", "native_tanh", "native_sigmoid", "native_gelu_normcdf",
           "native_gelu_erf", "native_gelu_normcdf_f64", "alg1_global", "alg1_shared", "bsearch", "igelu_f32",
           "igelu_i32", "softmax_alg1"]
SOFTMAX_PASSES = ["softmax_max_pass", "softmax_exp_pass", "softmax_scale_pass"]
SEGMENT_COUNTS = [16, 64, 256, 1024, 4096]

# ---------------------------------------------------------------- classification

PTX_SFU = ("ex2.approx", "lg2.approx", "rcp.approx", "rsqrt.approx", "sin.approx", "cos.approx",
           "tanh.approx", "sqrt.approx")
PTX_ARITH = {"add", "sub", "mul", "mad", "fma", "div", "rem", "abs", "neg", "min", "max", "setp",
             "selp", "set", "rcp", "sqrt", "copysign", "testp", "slct"}
PTX_INT_ONLY = {"shl", "shr", "and", "or", "xor", "not", "popc", "clz", "bfe", "bfi", "brev",
                "prmt", "cnot", "lop3", "shf", "mul24", "mad24", "sad", "cvta", "bfind", "dp4a",
                "dp2a", "vote", "activemask"}


def classify_ptx(opcode):
    """Class of one PTX instruction from its opcode with modifiers."""
    parts = opcode.split(".")
    base = parts[0]
    if base == "ld":
        if "param" in parts:
            return None  # kernel arguments: constant-bank operands in SASS, not instructions
        if "global" in parts:
            return "load_global"
        if "shared" in parts:
            return "load_shared"
        if "const" in parts:
            return "load_const"
        if "local" in parts:
            return "local"
        return "load_global"  # generic addressing, global here
    if base == "st":
        if "global" in parts:
            return "store_global"
        if "shared" in parts:
            return "store_shared"
        if "local" in parts:
            return "local"
        return "store_global"
    if base in ("bra", "ret", "exit", "call", "brx"):
        return "branch"
    if base in ("bar", "barrier", "membar", "fence"):
        return "sync"
    if opcode.startswith(PTX_SFU):
        return "sfu"
    if base == "cvt":
        return "conversion"
    if base == "mov":
        return "move"
    if base in PTX_INT_ONLY:
        return "int"
    if base in PTX_ARITH:
        if "f32" in parts or "ftz" in parts:
            return "fp32"
        if "f64" in parts:
            return "fp64"
        return "int"  # s32/u32/b32/s64/u64/b64/pred
    return "other"


SASS_FP32 = {"FADD", "FMUL", "FFMA", "FMNMX", "FSETP", "FSEL", "FSET", "FCHK", "FRND", "FSWZADD",
             "FADD32I", "FMUL32I", "FFMA32I"}
SASS_FP64 = {"DADD", "DMUL", "DFMA", "DSETP", "DMNMX", "DSET"}
SASS_INT = {"IADD3", "IMAD", "IMADSP", "IMUL", "LOP3", "LOP", "LOP32I", "SHF", "SHL", "SHR",
            "ISETP", "LEA", "IABS", "IMNMX", "SEL", "PRMT", "FLO", "POPC", "BMSK", "SGXT",
            "IADD", "IADD32I", "ISCADD", "BREV", "VIADD", "VIMNMX", "PLOP3", "P2R", "R2P",
            "IDP", "IDP4A", "BFE", "BFI", "VIADDMNMX", "IMNMX3"}
SASS_CONVERSION = {"F2F", "F2I", "I2F", "F2FP", "I2FP", "FRND"}
# HFMA2.MMA with zero operands is how sm_8x/9x materialize constants: a move.
SASS_MOVE = {"MOV", "MOV32I", "S2R", "CS2R", "SHFL", "HFMA2"}
SASS_BRANCH = {"BRA", "BRX", "JMP", "JMX", "EXIT", "RET", "CALL", "BSSY", "BSYNC", "WARPSYNC",
               "BREAK", "BPT", "KILL", "YIELD", "NOP", "BMOV"}
SASS_SYNC = {"BAR", "MEMBAR", "DEPBAR", "ERRBAR", "CCTL"}


def classify_sass(opcode):
    base = opcode.split(".")[0]
    if base in SASS_FP32:
        return "fp32"
    if base in SASS_FP64:
        return "fp64"
    if base == "MUFU":
        return "sfu"
    if base in SASS_CONVERSION:
        return "conversion"
    if base in SASS_INT:
        return "int"
    if base in SASS_MOVE:
        return "move"
    if base.startswith("U") or base in ("S2UR", "R2UR", "ULDC"):
        return "uniform" if base != "ULDC" else "load_const"
    if base == "LDG":
        return "load_global"
    if base == "STG":
        return "store_global"
    if base == "LDS":
        return "load_shared"
    if base == "STS":
        return "store_shared"
    if base == "LDC":
        return "load_const"
    if base in ("LDL", "STL"):
        return "local"
    if base == "LD":
        return "load_global"
    if base == "ST":
        return "store_global"
    if base in SASS_BRANCH:
        return "branch"
    if base in SASS_SYNC:
        return "sync"
    return "other"


# ---------------------------------------------------------------- parsing


class Instruction:
    def __init__(self, opcode, predicated, target, terminator, klass, text):
        self.opcode = opcode
        self.predicated = predicated
        self.target = target          # branch target label/address, or None
        self.terminator = terminator  # ends the thread (ret/exit) when not predicated
        self.klass = klass
        self.text = text


def parse_ptx(text):
    """{kernel name: [Instruction or ('label', name)]} for every .entry."""
    functions = {}
    for match in re.finditer(r"\.entry\s+(\w+)\s*\((.*?)\)\s*\{(.*?)\n\}", text, re.S):
        name, body = match.group(1), match.group(3)
        items = []
        for raw in body.split("\n"):
            line = raw.split("//")[0].strip()
            if not line or line in ("{", "}") or line.startswith("."):
                continue
            label = re.match(r"^(\$?[\w$]+):$", line)
            if label:
                items.append(("label", label.group(1)))
                continue
            instruction = re.match(r"^(@!?%\w+\s+)?([\w.]+)\s*(.*?);?$", line)
            if not instruction:
                continue
            predicated = instruction.group(1) is not None
            opcode, operands = instruction.group(2), instruction.group(3)
            target = operands.strip().rstrip(";").strip() if opcode.startswith("bra") else None
            terminator = opcode.split(".")[0] in ("ret", "exit")
            items.append(Instruction(opcode, predicated, target, terminator,
                                     classify_ptx(opcode), line))
        functions[name] = items
    return functions


def parse_sass(text):
    """{kernel name: [Instruction or ('label', address)]}, labels at every address."""
    functions = {}
    sections = re.split(r"\n\s*Function : ", text)
    for section in sections[1:]:
        name = section.split("\n", 1)[0].strip()
        items = []
        for address, body in re.findall(r"/\*([0-9a-f]{4,})\*/\s+([^;/]*?)\s*;", section):
            body = body.strip()
            if not body:
                continue
            items.append(("label", int(address, 16)))
            predicated = body.startswith("@")
            tokens = body.split()
            if predicated:
                tokens = tokens[1:]
            opcode = tokens[0]
            base = opcode.split(".")[0]
            target = None
            if base in ("BRA", "JMP") and len(tokens) > 1:
                found = re.search(r"0x([0-9a-f]+)", " ".join(tokens[1:]))
                target = int(found.group(1), 16) if found else None
            terminator = base in ("EXIT", "RET", "KILL")
            items.append(Instruction(opcode, predicated, target, terminator,
                                     classify_sass(opcode), body))
        functions[name] = items
    return functions


# ---------------------------------------------------------------- control flow


class Block:
    def __init__(self, index):
        self.index = index
        self.labels = []
        self.instructions = []
        self.successors = set()

    def counts(self):
        tally = collections.Counter()
        for instruction in self.instructions:
            if instruction.klass is not None:
                tally[instruction.klass] += 1
        return tally


def build_blocks(items):
    blocks = [Block(0)]
    for item in items:
        if isinstance(item, tuple):
            if blocks[-1].instructions:
                blocks.append(Block(len(blocks)))
            blocks[-1].labels.append(item[1])
            continue
        blocks[-1].instructions.append(item)
        if item.target is not None or item.terminator:
            blocks.append(Block(len(blocks)))
    blocks = [b for b in blocks if b.instructions or b.labels]
    for i, block in enumerate(blocks):
        block.index = i
    where = {label: block.index for block in blocks for label in block.labels}
    for block in blocks:
        last = block.instructions[-1] if block.instructions else None
        falls_through = True
        if last is not None and last.target is not None:
            if last.target in where:
                block.successors.add(where[last.target])
            falls_through = last.predicated
        elif last is not None and last.terminator:
            falls_through = last.predicated
        if falls_through and block.index + 1 < len(blocks):
            block.successors.add(block.index + 1)
    return blocks


def reachable(blocks):
    seen, stack = set(), [0]
    while stack:
        index = stack.pop()
        if index in seen:
            continue
        seen.add(index)
        stack.extend(blocks[index].successors)
    return seen


def analyze(items):
    """Longest acyclic path counts, loop bodies, static totals (reachable code)."""
    blocks = build_blocks(items)
    live = reachable(blocks)
    best = {}  # block -> (instruction count, Counter) of the longest path ending there
    for block in blocks:
        if block.index not in live:
            continue
        preds = [best[p.index] for p in blocks
                 if p.index in best and block.index in p.successors and p.index < block.index]
        if block.index == 0:
            preds.append((0, collections.Counter()))
        if not preds:
            continue
        base_total, base_counts = max(preds, key=lambda entry: entry[0])
        counts = base_counts + block.counts()
        best[block.index] = (base_total + sum(block.counts().values()), counts)
    exits = [best[b.index] for b in blocks if b.index in best
             and not any(s > b.index for s in b.successors)]
    path_total, path_counts = max(exits, key=lambda entry: entry[0])
    loops = []
    for block in blocks:
        for successor in block.successors:
            if block.index in live and successor <= block.index:
                body = collections.Counter()
                for inner in blocks[successor:block.index + 1]:
                    body += inner.counts()
                loops.append(body)
    static = collections.Counter()
    for block in blocks:
        if block.index in live:
            static += block.counts()
    unclassified = sorted({i.opcode for b in blocks for i in b.instructions if i.klass == "other"})
    return {"path": path_counts, "loops": loops, "static": static, "other_opcodes": unclassified}


REAL_KERNEL_OPS = {"NativeExpOp": "native_exp", "NativeTanhOp": "native_tanh",
                   "NativeSigmoidOp": "native_sigmoid", "NativeGeluNormcdfOp": "native_gelu_normcdf",
                   "NativeGeluErfOp": "native_gelu_erf",
                   "NativeGeluNormcdfF64Op": "native_gelu_normcdf_f64", "Alg1GlobalOp": "alg1_global",
                   "BsearchOp": "bsearch", "IgeluF32Op": "igelu_f32", "IgeluI32Op": "igelu_i32"}


def real_kernel_name(mangled):
    """The gpu_ref kernel of a vectorized (float4) kernel in device_kernels.cu, or None."""
    if "alg1_shared_kernelILb1E" in mangled:
        return "alg1_shared"
    if "map_kernelILb1E" not in mangled:
        return None
    for op, name in REAL_KERNEL_OPS.items():
        if re.search(r"\d+%s" % op, mangled):
            return name
    return None


def analyze_vector_loop(items):
    """The float4 grid-stride loop of a real kernel: the widest loop holding a
    128-bit global load; its static body counts and the loops nested in it."""
    blocks = build_blocks(items)
    live = reachable(blocks)
    loops = [(successor, block.index) for block in blocks if block.index in live
             for successor in block.successors if successor <= block.index]
    def has_vector_load(start, end):
        return any(i.opcode.startswith("LDG") and ".128" in i.opcode
                   for b in blocks[start:end + 1] for i in b.instructions)
    candidates = [(end - start, start, end) for start, end in loops if has_vector_load(start, end)]
    if not candidates:
        return None
    _, start, end = max(candidates)
    body = collections.Counter()
    for block in blocks[start:end + 1]:
        body += block.counts()
    inner = []
    for inner_start, inner_end in loops:
        if start <= inner_start and inner_end <= end and (inner_start, inner_end) != (start, end):
            counts = collections.Counter()
            for block in blocks[inner_start:inner_end + 1]:
                counts += block.counts()
            inner.append(as_dict(counts))
    return {"loop_body": as_dict(body), "inner_loops": inner}


def real_mixes(sass_text):
    """Per-element mixes of the real grid-stride kernels: vector loop body / 4."""
    result = {}
    for name, items in parse_sass(sass_text).items():
        kernel = real_kernel_name(name)
        if kernel is None:
            continue
        loop = analyze_vector_loop(items)
        if loop is None:
            continue
        body = loop["loop_body"]
        result[kernel] = {
            "vector_loop_body": body,
            "per_element": {klass: body[klass] / 4.0 for klass in CLASSES},
            "per_element_total": sum(body.values()) / 4.0,
            "inner_loops_per_iteration": loop["inner_loops"],
            "note": "static count of the float4 loop body (4 elements; both sides of any branch "
                    "inside it), divided by 4" +
                    ("; each element's search loop is counted once: add (ceil(log2 N) - 1) "
                     "inner-loop bodies per element" if kernel == "bsearch" else ""),
        }
    return result


def as_dict(counter):
    return {klass: int(counter.get(klass, 0)) for klass in CLASSES}


def subtract(lhs, rhs):
    """lhs - rhs per class, clamped at 0: register allocation may spend a move or
    a uniform op fewer in a kernel than in the harness."""
    return {klass: max(0, int(lhs.get(klass, 0)) - int(rhs.get(klass, 0))) for klass in CLASSES}


def add(lhs, rhs, times=1):
    return {klass: lhs.get(klass, 0) + times * rhs.get(klass, 0) for klass in CLASSES}


# ---------------------------------------------------------------- driver


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write("instruction_mix.py: %s failed:\n%s" % (" ".join(command), result.stderr))
        sys.exit(1)
    return result.stdout


def mixes_for(functions, source):
    """Per-element mixes of every kernel from parsed functions of one arch/source."""
    analyses = {name[len("mix_"):]: analyze(items) for name, items in functions.items()
                if name.startswith("mix_")}
    harness = analyses["harness"]["path"]
    element_io = {"load_global": 1, "store_global": 1}
    overhead = subtract(harness, element_io)  # index, bounds check, address arithmetic
    result = {}
    for kernel in KERNELS:
        if kernel == "softmax_alg1":
            per_element = {klass: 0 for klass in CLASSES}
            for part in SOFTMAX_PASSES:
                per_element = add(per_element, subtract(analyses[part]["path"], harness))
            per_element = add(per_element, {"load_global": 3, "store_global": 2})
            entry = {"per_element": per_element,
                     "static_total": None,
                     "loop_body": None,
                     "note": "sum of the max, exp and scale passes per element, plus 3 global "
                             "loads and 2 stores; the row reductions (per row) are not included",
                     "other_opcodes": sorted(set().union(
                         *[analyses[p]["other_opcodes"] for p in SOFTMAX_PASSES]))}
        else:
            analysis = analyses[kernel]
            per_element = subtract(analysis["path"], overhead)
            entry = {"per_element": per_element,
                     "static_total": as_dict(analysis["static"]),
                     "loop_body": as_dict(analysis["loops"][0]) if analysis["loops"] else None,
                     "other_opcodes": analysis["other_opcodes"]}
            if kernel == "bsearch" and analysis["loops"]:
                body = as_dict(analysis["loops"][0])
                entry["per_element_by_segments"] = {
                    str(n): add(per_element, body, int(math.ceil(math.log2(n))) - 1)
                    for n in SEGMENT_COUNTS}
                entry["note"] = ("per_element includes one loop iteration; "
                                 "per_element(N) = per_element + (ceil(log2 N) - 1) * loop_body")
        entry["per_element_total"] = sum(entry["per_element"].values())
        result[kernel] = entry
    result["_harness"] = {"per_element": as_dict(harness), "note":
                          "thread index, bounds check, element load and store; subtracted "
                          "(per class, clamped at 0) except the element load and store"}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archs", default="75,90")
    parser.add_argument("--nvcc", default=shutil.which("nvcc") or "/usr/local/cuda/bin/nvcc")
    parser.add_argument("--cuobjdump", default=os.environ.get("CUOBJDUMP") or
                        shutil.which("cuobjdump") or "")
    parser.add_argument("--out-dir", default=HERE)
    parser.add_argument("--real-object", default="",
                        help="also analyze the real kernels' float4 loops in this object or "
                             "library (e.g. build-cuda/gpu_ref/libgpu_ref_device.a; needs "
                             "cuobjdump)")
    parser.add_argument("--compare", default="",
                        help="after writing, check that the per-element mixes equal those in "
                             "this JSON file for every source/arch both have (exit 1 if not)")
    args = parser.parse_args()
    try:
        archs = [int(a) for a in args.archs.split(",")]
    except ValueError:
        sys.stderr.write("instruction_mix.py: --archs: expected numbers like 75,90\n")
        return 2
    if not os.path.exists(args.nvcc):
        sys.stderr.write("instruction_mix.py: --nvcc: %s not found\n" % args.nvcc)
        return 2
    version = run([args.nvcc, "--version"]).strip().splitlines()[-1]
    sass_tool = args.cuobjdump if args.cuobjdump and os.path.exists(args.cuobjdump) else ""
    document = {
        "generated_by": "gpu_ref/instruction_mix/instruction_mix.py",
        "date": datetime.date.today().isoformat(),
        "nvcc": version,
        "nvcc_flags": NVCC_FLAGS,
        "cuobjdump": run([sass_tool, "--version"]).strip().splitlines()[-1] if sass_tool else None,
        "method": __doc__.split("\n\n", 1)[1].split("\n\nUsage")[0].replace("\n", " "),
        "classes": CLASSES,
        "mixes": {},
    }
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for arch in archs:
            common = [args.nvcc, "-arch=sm_%d" % arch] + NVCC_FLAGS + ["-I", REPO, SOURCE]
            ptx_path = os.path.join(scratch, "mix_%d.ptx" % arch)
            run(common[:1] + ["-ptx"] + common[1:] + ["-o", ptx_path])
            with open(ptx_path) as handle:
                sources = {"ptx": parse_ptx(handle.read())}
            if sass_tool:
                cubin = os.path.join(scratch, "mix_%d.cubin" % arch)
                run(common[:1] + ["-cubin"] + common[1:] + ["-o", cubin])
                sources["sass"] = parse_sass(run([sass_tool, "-sass", cubin]))
            for source, functions in sources.items():
                key = "%s_sm_%d" % (source, arch)
                document["mixes"][key] = mixes_for(functions, source)
                for kernel in KERNELS:
                    entry = document["mixes"][key][kernel]
                    for klass in CLASSES:
                        rows.append([kernel, source, "sm_%d" % arch, "per_element", klass,
                                     entry["per_element"][klass]])
                        if entry.get("loop_body"):
                            rows.append([kernel, source, "sm_%d" % arch, "loop_body", klass,
                                         entry["loop_body"][klass]])
    if sass_tool and args.real_object:
        if not os.path.exists(args.real_object):
            sys.stderr.write("instruction_mix.py: --real-object: %s not found\n" % args.real_object)
            return 2
        for arch in archs:
            text = run([sass_tool, "-sass", "-arch", "sm_%d" % arch, args.real_object])
            document["mixes"]["sass_real_kernels_sm_%d" % arch] = real_mixes(text)
    if not sass_tool:
        document["sass_note"] = ("cuobjdump not found: SASS mixes not generated (pass "
                                 "--cuobjdump or set CUOBJDUMP)")
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "instruction_mix.json.tmp"), "w") as handle:
        json.dump(document, handle, indent=1, sort_keys=False)
        handle.write("\n")
    os.replace(os.path.join(args.out_dir, "instruction_mix.json.tmp"),
               os.path.join(args.out_dir, "instruction_mix.json"))
    with open(os.path.join(args.out_dir, "instruction_mix.csv.tmp"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kernel", "source", "arch", "region", "class", "count"])
        writer.writerows(rows)
    os.replace(os.path.join(args.out_dir, "instruction_mix.csv.tmp"),
               os.path.join(args.out_dir, "instruction_mix.csv"))
    if args.compare:
        try:
            with open(args.compare) as handle:
                committed_document = json.load(handle)
            committed = committed_document["mixes"]
        except (OSError, ValueError, KeyError) as error:
            sys.stderr.write("instruction_mix.py: --compare: %s: %s\n" % (args.compare, error))
            return 2
        if committed_document.get("nvcc") != document["nvcc"]:
            # Another compiler makes other code: nothing to compare (ctest: skipped).
            print("SKIPPED: %s was made by %s, this is %s" %
                  (args.compare, committed_document.get("nvcc"), document["nvcc"]))
            return 77
        stale = ["%s %s" % (key, kernel)
                 for key, mixes in document["mixes"].items() if key in committed
                 for kernel in KERNELS if kernel in mixes and kernel in committed[key]
                 if mixes[kernel]["per_element"] != committed[key][kernel]["per_element"]]
        if stale:
            sys.stderr.write("instruction_mix.py: %s is out of date for: %s (rerun the script)\n"
                             % (args.compare, ", ".join(stale)))
            return 1
    for key, mixes in document["mixes"].items():
        print(key)
        for kernel in KERNELS:
            if kernel not in mixes:
                continue
            entry = mixes[kernel]
            shown = {k: v for k, v in entry["per_element"].items() if v}
            print("  %-20s %5g  %s" % (kernel, entry["per_element_total"], shown))
            if entry.get("other_opcodes"):
                print("  %-20s     unclassified: %s" % ("", entry["other_opcodes"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
