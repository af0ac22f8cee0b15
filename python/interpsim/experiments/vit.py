"""The paper's accuracy experiments (its Tables 4-7 and 10), in kind, on a small
vision transformer trained on Fashion-MNIST on the CPU (issue 14, items 4-5;
docs/results/accuracy.md).

Usage: PYTHONPATH=build/python /usr/bin/python3 -m interpsim.experiments.vit
           [STAGE ...] [--out results/vit] [--grid reduced|full] [--jobs N] [options]

Stages (all of them, in this order, when none is named):
  native     train the ViT with torch's own functions (fixed seed), save
             native.pt and native.json (test accuracy, epochs, seconds);
  inference  the trained weights with interpolated GELU only, softmax-exp only
             (reciprocal by division), both, both with the reciprocal table, GELU
             with fp16 and bf16 io (beside torch's GELU with the same io
             rounding), GELU with int8 and int16 io (a fixed-point table; int8
             only up to the segments its x can index), and I-BERT's i-GELU float32 and INT32, at each segment
             count: inference/<cell>.json;
  training   the same network trained from the same seed and data order with
             the interpolated GELU and softmax in forward and backward, per
             segment count and backward mode (slope, exact, table):
             training/<cell>.json;
  profile    torch profiler: the nonlinear layers' share of the native model's
             forward and backward time on this CPU: profile.json;
  hardware   the native model's GELU and softmax inputs of one training batch
             (--batch images) captured to hardware/traces/*.npy and run through
             `interpsim simd` (--hw-config): the unit's cycles and time per
             batch against the profiled forward time (Amdahl): hardware.json;
  report     markdown tables of every cell present (tables.md) and the plot
             (accuracy.png, or --plot PATH).

Every cell is one JSON file, skipped when present (the run resumes where it
stopped; --force recomputes). --grid reduced trains only the smallest and the
largest segment count; full trains every one. The native network trains for
--epochs (15), each training-grid cell for --train-epochs (1; at most
--epochs). --jobs N runs the cells in N processes (one torch thread each).
"""
import argparse
import copy
import inspect
import json
import math
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time

# Debian's torch calls BLAS through libblas.so.3; with OpenBLAS there (package
# libopenblas0-pthread) its own thread pool ignores torch.set_num_threads and
# its second thread costs more than it gains on these small matrices. Set before
# torch loads OpenBLAS; --threads still sets torch's own threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import numpy as np  # noqa: E402
from torch import nn  # noqa: E402

import interpsim  # noqa: E402
import interpsim.torch as it  # noqa: E402
from interpsim.fashion_mnist import split  # noqa: E402

SEGMENTS = (16, 64, 256, 1024, 4096)
BACKWARDS = it.BACKWARDS
STAGES = ("native", "inference", "training", "profile", "hardware", "report")
# The native budget reaches 88 % test accuracy; each cell of the training grid
# (16 in the full grid) trains for a shorter one, so that the full grid fits
# well within 60 minutes on 2 cores (docs/design.md section 13, Decision).
NATIVE_EPOCHS = 15
TRAIN_EPOCHS = 1
IGELU_SCALE = 2.0 ** -10  # the INT32 i-GELU's input quantization step (documented in the JSON)
# The hardware stage's unit: the shipped 64-lane SIMD array with private
# 4096-segment GELU tables, clocked at the fp32 interp_lane's NanGate45 Fmax at
# N = 4096 (docs/results/ppa.md; the config has no clock; docs/design.md
# section 13, Decision).
HW_CONFIG = os.path.join("configs", "simd-64-private.ini")
HW_CLOCK_MHZ = 205.0
# GELU also on the SIMT model: a V100 with INTERP units (docs/simt.md's
# example, 4 lanes per scheduler), at the config's own clock; the SIMT model
# has no softmax.
SIMT_CONFIG = os.path.join("configs", "v100.ini")
SIMT_INTERP_LANES = 4


# ---------------------------------------------------------------- the network

class Attention(nn.Module):
    """Multi-head self-attention whose softmax is an nn.Softmax module (so
    interpsim.torch.patch finds it)."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim)
        self.softmax = nn.Softmax(dim=-1)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        attention = self.softmax((q @ k.transpose(-2, -1)) * self.scale)
        return self.proj((attention @ v).transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    """Pre-norm transformer block: x + attn(LN(x)), then x + MLP(LN(x)) with GELU."""

    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    """28x28 images (flattened) -> patch x patch patches, a class token and
    learned position embeddings, `depth` blocks, LayerNorm, a linear head on
    the class token."""

    def __init__(self, patch=7, dim=48, depth=2, heads=4, hidden=96, classes=10):
        super().__init__()
        self.patch = patch
        tokens = (28 // patch) ** 2
        self.embed = nn.Linear(patch * patch, dim)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, tokens + 1, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, hidden) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        b, p, side = x.shape[0], self.patch, 28 // self.patch
        patches = x.reshape(b, side, p, side, p).permute(0, 1, 3, 2, 4).reshape(b, -1, p * p)
        tokens = torch.cat([self.cls.expand(b, -1, -1), self.embed(patches)], dim=1) + self.pos
        return self.head(self.norm(self.blocks(tokens))[:, 0])


# The network's default shape (ViT's keyword defaults, read once).
ARCHITECTURE = {key: value.default for key, value in
                inspect.signature(ViT).parameters.items() if key != "classes"}


def architecture(args):
    return dict(patch=args.patch, dim=args.dim, depth=args.depth, heads=args.heads,
                hidden=args.hidden)


def new_model(args):
    """The network with its initial weights: the same for every cell (the seed)."""
    torch.manual_seed(args.seed)
    return ViT(**architecture(args))


# ------------------------------------------------- other nonlinear operators

class CastIO(nn.Module):
    """Runs `inner` on x rounded to `dtype` (fp16/bf16 io) and returns float32."""

    def __init__(self, inner, dtype):
        super().__init__()
        self.inner, self.dtype = inner, dtype

    def forward(self, x):
        return self.inner(x.to(self.dtype)).float()


class NativeGELURounded(nn.Module):
    """torch's GELU with fp16/bf16 io: input and output rounded to `dtype`
    (computed in float32: CPU torch 1.13 has no half GELU)."""

    def __init__(self, dtype):
        super().__init__()
        self.dtype = dtype

    def forward(self, x):
        return nn.functional.gelu(x.to(self.dtype).float()).to(self.dtype)


class IGELU(nn.Module):
    """I-BERT's i-GELU as the golden model computes it (interpsim.igelu_f32 /
    igelu_i32); inference only."""

    def __init__(self, form):
        super().__init__()
        self.form = form

    def forward(self, x):
        xn = x.detach().float().contiguous().numpy()
        y = (interpsim.igelu_f32(xn) if self.form == "f32"
             else interpsim.igelu_i32(xn, input_scale=IGELU_SCALE))
        return torch.from_numpy(y)


class FixedGELU(nn.Module):
    """GELU with integer io, inference only: x quantized to the fixed-point
    table's x format (round half to even at fx, saturated to the width), the
    table evaluated by the golden model (interpsim.FixedTable, to nearest even),
    y dequantized with fy. The table is `interpsim table --format FMT`'s: fx is
    the generator's default for GELU's interval."""

    def __init__(self, table):
        super().__init__()
        self.table = table
        info = torch.iinfo(FIXED_DTYPES[table.format])
        self.low, self.high = info.min, info.max

    def forward(self, x):
        scaled = torch.round(x.detach().float() * 2.0 ** self.table.fx)
        q = scaled.clamp(self.low, self.high).to(FIXED_DTYPES[self.table.format]).contiguous()
        y = interpsim.evaluate(self.table, q)
        return y.float() * 2.0 ** -self.table.fy


FIXED_DTYPES = {"int8": torch.int8, "int16": torch.int16}


def fixed_gelu_table(segments, fmt):
    """The fixed-point GELU table, or None where the format's x cannot index
    that many segments (int8: 2^(m + fx) steps on GELU's interval)."""
    try:
        return interpsim.FixedTable.generate("gelu", segments, format=fmt)
    except interpsim.InputError:
        return None


def replace(model, kind, factory):
    """Replaces every module of class `kind` by factory(); returns their names."""
    names = []
    for parent_name, parent in list(model.named_modules()):
        for child_name, child in list(parent.named_children()):
            if isinstance(child, kind):
                setattr(parent, child_name, factory())
                names.append(f"{parent_name}.{child_name}" if parent_name else child_name)
    if not names:
        raise LookupError(f"replace: no {kind.__name__} in the model")
    return names


def softmax_options(segments, backward="slope", reciprocal="divide"):
    options = dict(segments=segments, backward=backward, reciprocal=reciprocal)
    if reciprocal == "table":
        options["reciprocal_segments"] = 256
    return options


def inference_cells(segments):
    """{cell name: (description, function(model) that swaps its operators)}."""
    cells = {}
    for s in segments:
        cells[f"gelu_s{s}"] = (f"GELU interpolated, {s} segments",
                               lambda m, s=s: it.patch(m, {"gelu": {"segments": s}}))
        cells[f"softmax_s{s}"] = (
            f"softmax: exp interpolated ({s} segments), division",
            lambda m, s=s: it.patch(m, {"softmax": softmax_options(s)}))
        cells[f"both_s{s}"] = (
            f"GELU and softmax-exp interpolated, {s} segments",
            lambda m, s=s: it.patch(m, {"gelu": {"segments": s}, "softmax": softmax_options(s)}))
        cells[f"bothrecip_s{s}"] = (
            f"GELU, softmax-exp ({s} segments) and the reciprocal table (256 segments)",
            lambda m, s=s: it.patch(m, {"gelu": {"segments": s},
                                        "softmax": softmax_options(s, reciprocal="table")}))
        for name, dtype in (("fp16", torch.float16), ("bf16", torch.bfloat16)):
            cells[f"gelu{name}_s{s}"] = (
                f"GELU interpolated, {s} segments, {name} io (kb fp32)",
                lambda m, s=s, name=name, dtype=dtype: replace(
                    m, nn.GELU, lambda: CastIO(it.GELU(segments=s, format=name), dtype)))
    for s in segments:
        for fmt in FIXED_DTYPES:
            table = fixed_gelu_table(s, fmt)
            if table is None:
                continue
            cells[f"gelu{fmt}_s{s}"] = (
                f"GELU interpolated, {s} segments, {fmt} io (fixed-point table: x at "
                f"fx={table.fx}, y at fy={table.fy}, rne)",
                lambda m, s=s, fmt=fmt: replace(
                    m, nn.GELU, lambda: FixedGELU(fixed_gelu_table(s, fmt))))
    for name, dtype in (("fp16", torch.float16), ("bf16", torch.bfloat16)):
        cells[f"native_gelu{name}"] = (f"torch GELU with {name} io (rounded in and out)",
                                       lambda m, dtype=dtype: replace(
                                           m, nn.GELU, lambda: CastIO(NativeGELURounded(dtype),
                                                                      dtype)))
    cells["igelu_f32"] = ("I-BERT i-GELU, float32", lambda m: replace(m, nn.GELU,
                                                                     lambda: IGELU("f32")))
    cells["igelu_i32"] = (f"I-BERT i-GELU, INT32 (input scale 2^{int(math.log2(IGELU_SCALE))})",
                          lambda m: replace(m, nn.GELU, lambda: IGELU("i32")))
    return cells


def training_options(segments, backward):
    return {"gelu": {"segments": segments, "backward": backward},
            "softmax": softmax_options(segments, backward)}


# --------------------------------------------------------------- the running

class Progress:
    """A progress bar on stderr (tqdm when importable). In a worker of --jobs
    (LINES set) it writes a whole line every LINES seconds instead, so that the
    processes' bars do not overwrite each other."""

    LINES = None

    def __init__(self, total, desc):
        self.total, self.desc, self.done, self.start = total, desc, 0, time.time()
        self.bar = None
        if Progress.LINES is None:
            try:
                from tqdm import tqdm
                self.bar = tqdm(total=total, desc=desc, leave=False, file=sys.stderr)
            except ImportError:
                pass
        self.last = 0.0 if Progress.LINES is None else time.time()

    def update(self, n=1, note=""):
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            if note:
                self.bar.set_postfix_str(note)
            return
        now = time.time()
        if now - self.last < (Progress.LINES or 0.5) and self.done < self.total:
            return
        self.last = now
        elapsed = now - self.start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        width = 30
        filled = int(width * self.done / max(1, self.total))
        start, end = ("", "\n") if Progress.LINES else ("\r", "   ")
        sys.stderr.write(f"{start}{self.desc} [{'#' * filled}{'.' * (width - filled)}] "
                         f"{self.done}/{self.total} {elapsed:.0f}s eta {eta:.0f}s {note}{end}")
        sys.stderr.flush()

    def close(self):
        if self.bar is not None:
            self.bar.close()
        elif Progress.LINES is None:
            sys.stderr.write("\n")
            sys.stderr.flush()


def data(args):
    x_train, y_train = split("train")
    x_test, y_test = split("test")
    return (x_train[: args.train_images], y_train[: args.train_images],
            x_test[: args.test_images], y_test[: args.test_images])


def train(model, x, y, args, epochs, desc):
    """AdamW with a cosine schedule; the data order is the seed's, the same for
    every cell. Returns the mean training loss of each epoch."""
    generator = torch.Generator().manual_seed(args.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    steps_per_epoch = math.ceil(len(x) / args.batch)
    total = epochs * steps_per_epoch
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: 0.5 * (1 + math.cos(math.pi * min(step, total) / total)))
    losses = []
    progress = Progress(total, desc)
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        running = 0.0
        for start in range(0, len(x), args.batch):
            batch = order[start:start + args.batch]
            loss = nn.functional.cross_entropy(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            running += loss.item() * len(batch)
            progress.update(1, f"epoch {epoch + 1} loss {loss.item():.3f}")
        losses.append(running / len(x))
    progress.close()
    return losses


@torch.no_grad()
def logits_of(model, x, args):
    model.eval()
    return torch.cat([model(x[i:i + args.eval_batch]) for i in range(0, len(x), args.eval_batch)])


def accuracy(logits, y):
    return (logits.argmax(dim=-1) == y).float().mean().item()


def write_json(path, record):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".part"
    with open(temporary, "w") as f:
        json.dump(record, f, indent=1)
    os.replace(temporary, path)  # a cell is there whole or not at all


def read_json(path):
    with open(path) as f:
        return json.load(f)


def common(args):
    return dict(seed=args.seed, architecture=architecture(args), train_images=args.train_images,
                test_images=args.test_images, epochs=args.epochs, batch=args.batch, lr=args.lr,
                threads=torch.get_num_threads(), torch=torch.__version__,
                machine=platform.machine())


def stage_native(args, tensors):
    path = os.path.join(args.out, "native.json")
    if os.path.exists(path) and not args.force:
        print(f"native: {path} present, skipped")
        return
    x_train, y_train, x_test, y_test = tensors
    model = new_model(args)
    start, cpu = time.time(), time.process_time()
    losses = train(model, x_train, y_train, args, args.epochs, "native training")
    seconds, cpu_seconds = time.time() - start, time.process_time() - cpu
    torch.save(model.state_dict(), os.path.join(args.out, "native.pt"))
    acc = accuracy(logits_of(model, x_test, args), y_test)
    write_json(path, dict(common(args), cell="native", test_accuracy=acc, losses=losses,
                          seconds=seconds, cpu_seconds=cpu_seconds,
                          parameters=sum(p.numel() for p in model.parameters())))
    print(f"native: test accuracy {acc:.4f} after {args.epochs} epochs, {seconds:.0f} s")


def trained_native(args):
    weights = os.path.join(args.out, "native.pt")
    if not os.path.exists(weights):
        raise SystemExit(f"{weights}: run the native stage first")
    model = ViT(**architecture(args))
    model.load_state_dict(torch.load(weights))
    return model


def inference_todo(args):
    """The inference cells not present (all with --force)."""
    return [name for name in inference_cells(args.segments)
            if args.force or not os.path.exists(os.path.join(args.out, "inference",
                                                              name + ".json"))]


def stage_inference(args, tensors, names=None):
    """Runs the inference cells `names` (default: every one not present)."""
    _, _, x_test, y_test = tensors
    native = trained_native(args)
    reference = logits_of(native, x_test, args)
    cells = inference_cells(args.segments)
    todo = inference_todo(args) if names is None else names
    if names is None:
        print(f"inference: {len(cells) - len(todo)} of {len(cells)} cells present")
    write_json(os.path.join(args.out, "inference", "native.json"),
               dict(common(args), cell="native", description="torch's own functions",
                    test_accuracy=accuracy(reference, y_test)))
    progress = Progress(len(todo), "inference grid")
    for name in todo:
        description, swap = cells[name]
        model = copy.deepcopy(native)
        replaced = swap(model)
        start = time.time()
        logits = logits_of(model, x_test, args)
        record = dict(common(args), cell=name, description=description,
                      replaced=[r[0] if isinstance(r, tuple) else r for r in replaced],
                      test_accuracy=accuracy(logits, y_test),
                      agreement_with_native=(logits.argmax(-1) == reference.argmax(-1))
                      .float().mean().item(),
                      max_logit_difference=(logits - reference).abs().max().item(),
                      seconds=time.time() - start)
        write_json(os.path.join(args.out, "inference", name + ".json"), record)
        progress.update(1, f"{name} {record['test_accuracy']:.4f}")
    progress.close()


def training_cells(args):
    """[(segments, backward)]: (None, None) is the native cell, trained with the
    same budget as the others; reduced: the smallest and largest segment
    counts, full: every one."""
    segments = args.segments if args.grid == "full" else sorted({min(args.segments),
                                                                max(args.segments)})
    # Backward-major: the first mode's whole segment sweep comes first.
    return [(None, None)] + [(s, b) for b in args.backward for s in segments]


def training_folder(args):
    """One folder per budget (epochs, training images), so cells of different
    budgets never mix."""
    return os.path.join(args.out, "training", f"e{args.train_epochs}_n{args.train_images}")


SETTINGS = ("seed", "architecture", "train_images", "test_images", "batch", "lr")


def reuse_native(args, path):
    """The native stage's record as the training grid's native cell when its
    budget is the grid's (the same run: the same seed, data order and steps)."""
    native_path = os.path.join(args.out, "native.json")
    if args.train_epochs != args.epochs or not os.path.exists(native_path):
        return False
    native = read_json(native_path)
    settings = common(args)
    if native["epochs"] != args.train_epochs or any(native[k] != settings[k] for k in SETTINGS):
        return False
    write_json(path, dict(native, segments=None, backward=None,
                          description="torch's own functions (the native stage's run)",
                          test_accuracy_native_functions=native["test_accuracy"]))
    return True


def training_cell_path(args, segments, backward):
    name = "native" if segments is None else f"both_s{segments}_{backward}"
    return name, os.path.join(training_folder(args), name + ".json")


def stage_training(args, tensors):
    cells = training_cells(args)
    for i, (segments, backward) in enumerate(cells):
        name, path = training_cell_path(args, segments, backward)
        if os.path.exists(path) and not args.force:
            print(f"training {name}: present, skipped")
            continue
        if segments is None and reuse_native(args, path):
            print(f"training {name}: the native stage's run (the same budget), reused")
            continue
        train_cell(args, tensors, segments, backward, f"training {i + 1}/{len(cells)} {name}")


def train_cell(args, tensors, segments, backward, desc):
    """Trains one cell of the training grid and writes its JSON."""
    x_train, y_train, x_test, y_test = tensors
    name, path = training_cell_path(args, segments, backward)
    model = new_model(args)
    if segments is not None:
        it.patch(model, training_options(segments, backward))
    start, cpu = time.time(), time.process_time()
    losses = train(model, x_train, y_train, args, args.train_epochs, desc)
    seconds, cpu_seconds = time.time() - start, time.process_time() - cpu
    acc = accuracy(logits_of(model, x_test, args), y_test)
    # The same weights with torch's own functions.
    native = ViT(**architecture(args))
    native.load_state_dict(model.state_dict())
    native_acc = accuracy(logits_of(native, x_test, args), y_test)
    description = ("torch's own functions" if segments is None else
                   f"GELU and softmax-exp interpolated ({segments} segments) in forward and "
                   f"backward ({backward})")
    write_json(path, dict(common(args), cell=name, segments=segments, backward=backward,
                          epochs=args.train_epochs, description=description,
                          test_accuracy=acc, test_accuracy_native_functions=native_acc,
                          losses=losses, seconds=seconds, cpu_seconds=cpu_seconds))
    print(f"training {name}: test accuracy {acc:.4f} (native functions {native_acc:.4f}), "
          f"{seconds:.0f} s")


def _share(events, keys):
    return sum(e.self_cpu_time_total for e in events
               if any(key in e.key.lower() for key in keys))


def stage_profile(args, tensors):
    path = os.path.join(args.out, "profile.json")
    if os.path.exists(path) and not args.force:
        print(f"profile: {path} present, skipped")
        return
    from torch.profiler import ProfilerActivity, profile

    x_train, y_train, _, _ = tensors
    model = trained_native(args)
    model.train()
    groups = {"gelu": ("gelu",), "softmax": ("softmax",), "layernorm": ("layer_norm",)}
    totals = {"forward": {}, "backward": {}}
    steps = args.profile_steps
    for step in range(steps + 2):  # two warm-up steps
        batch = slice((step * args.batch) % len(x_train), (step * args.batch) % len(x_train)
                      + args.batch)
        with profile(activities=[ProfilerActivity.CPU]) as forward:
            loss = nn.functional.cross_entropy(model(x_train[batch]), y_train[batch])
        with profile(activities=[ProfilerActivity.CPU]) as backward:
            loss.backward()
        model.zero_grad()
        if step < 2:
            continue
        for phase, prof in (("forward", forward), ("backward", backward)):
            events = prof.key_averages()
            t = totals[phase]
            t["total_us"] = t.get("total_us", 0) + sum(e.self_cpu_time_total for e in events)
            for group, keys in groups.items():
                t[group + "_us"] = t.get(group + "_us", 0) + _share(events, keys)
    record = dict(common(args), cell="profile", steps=steps, batch=args.batch)
    for phase, t in totals.items():
        record[phase] = {key: value / steps for key, value in t.items()}
        for group in groups:
            record[phase][group + "_share"] = t[group + "_us"] / t["total_us"]
    write_json(path, record)
    for phase in totals:
        r = record[phase]
        print(f"profile {phase}: {r['total_us'] / 1000:.2f} ms per batch of {args.batch}; "
              f"GELU {100 * r['gelu_share']:.1f} %, softmax {100 * r['softmax_share']:.1f} %, "
              f"LayerNorm {100 * r['layernorm_share']:.1f} %")


def _repo_path(relative):
    """RELATIVE under the checkout: looked for above the working directory and
    above this file (the package runs from build/python or from python/)."""
    starts = [os.getcwd(), os.path.dirname(os.path.realpath(__file__))]
    for start in starts:
        folder = start
        while True:
            candidate = os.path.join(folder, relative)
            if os.path.exists(candidate):
                return candidate
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return None


def hardware_paths(args, parser):
    """Resolves --interpsim (else $INTERPSIM_CLI, ctest's, else
    build/sim/interpsim) and --hw-config (else configs/simd-64-private.ini)
    in place; a missing file is a usage error."""
    args.interpsim = (args.interpsim or os.environ.get("INTERPSIM_CLI")
                      or _repo_path(os.path.join("build", "sim", "interpsim")))
    if not args.interpsim or not os.path.isfile(args.interpsim):
        parser.error(f"--interpsim: '{args.interpsim or 'build/sim/interpsim'}' is not there "
                     f"(build the interpsim target)")
    args.hw_config = args.hw_config or _repo_path(HW_CONFIG)
    if not args.hw_config or not os.path.isfile(args.hw_config):
        parser.error(f"--hw-config: '{args.hw_config or HW_CONFIG}' is not there")
    args.simt_config = _repo_path(SIMT_CONFIG)
    if not args.simt_config:
        parser.error(f"{SIMT_CONFIG}: not found above the working directory")


def simd_arguments(config, trace, operation):
    """The `interpsim simd` arguments of one captured trace: the unit's config,
    GELU as an elementwise map, softmax by rows (the trace's last axis)."""
    return ["simd", "--config", config, "--trace", trace, "--operation", operation]


def simt_arguments(config, trace):
    """The `interpsim simt` arguments of a GELU trace: the INTERP-unit kernel."""
    return ["simt", "--config", config, "--kernel", "interp", "--interp_lanes_per_scheduler",
            str(SIMT_INTERP_LANES), "--trace", trace]


def run_simd(binary, arguments, stats_path):
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    done = subprocess.run([binary, *arguments, "--json", stats_path], capture_output=True,
                          text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"interpsim {' '.join(arguments)}: exit {done.returncode}: "
                         f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}")
    return read_json(stats_path)


def stage_hardware(args, tensors):
    """One training batch's GELU and softmax inputs through the SIMD array
    model: cycles per layer call, time at --hw-clock-mhz, and the share of the
    profiled forward time the unit would replace."""
    path = os.path.join(args.out, "hardware.json")
    if os.path.exists(path) and not args.force:
        print(f"hardware: {path} present, skipped")
        return
    profile_path = os.path.join(args.out, "profile.json")
    if not os.path.exists(profile_path):
        raise SystemExit(f"{profile_path}: run the profile stage first")
    profile = read_json(profile_path)
    binary, config = args.interpsim, args.hw_config  # resolved by hardware_paths
    from interpsim.capture import Capture

    x_train = tensors[0]
    model = trained_native(args)
    model.train()  # as profiled: a training batch's forward
    batch = profile["batch"]  # the profiled batch: its operators' CPU time is the baseline
    with Capture(model) as capture, torch.no_grad():
        model(x_train[:batch])
    traces = os.path.join(args.out, "hardware", "traces")
    calls = []
    for layer, arrays in capture.activations.items():
        operation = "softmax" if layer.endswith("softmax") else "map"
        for i, x in enumerate(arrays):
            calls.append((layer, i, operation, x))
    progress = Progress(len(calls), "hardware: interpsim simd")
    runs = []
    with tempfile.TemporaryDirectory(prefix="vit-hw-") as scratch:
        for layer, i, operation, x in calls:
            trace = os.path.join(traces, f"{layer}.{i}.npy")
            os.makedirs(traces, exist_ok=True)
            np.save(trace, x)
            arguments = simd_arguments(config, trace, operation)
            stats = run_simd(binary, arguments, os.path.join(scratch, "stats.json"))
            runs.append(dict(layer=layer, call=i, operator="softmax" if operation == "softmax"
                             else "gelu", trace=os.path.relpath(trace, args.out),
                             shape=list(x.shape), elements=int(x.size), cycles=stats["cycles"],
                             arguments=arguments[1:], stats=stats))
            if operation == "map":
                simt = run_simd(binary, simt_arguments(args.simt_config, trace),
                                os.path.join(scratch, "simt.json"))
                runs[-1]["simt"] = dict(cycles=simt["cycles"], time_us=1000 * simt["time_ms"],
                                        arguments=simt_arguments(args.simt_config, trace)[1:])
            progress.update(1, f"{layer} {stats['cycles']} cycles")
    progress.close()
    forward = profile["forward"]
    record = dict(common(args), cell="hardware", batch=batch, config=config,
                  clock_mhz=args.hw_clock_mhz, runs=runs)
    replaced_us, unit_us = 0.0, 0.0
    for operator in ("gelu", "softmax"):
        cycles = sum(r["cycles"] for r in runs if r["operator"] == operator)
        microseconds = cycles / args.hw_clock_mhz
        cpu_us = forward[operator + "_us"]
        record[operator] = dict(cycles=cycles, unit_us=microseconds, cpu_us=cpu_us,
                                elements=sum(r["elements"] for r in runs
                                             if r["operator"] == operator),
                                share_of_forward=cpu_us / forward["total_us"],
                                operator_speedup=cpu_us / microseconds)
        replaced_us += cpu_us
        unit_us += microseconds
    gelu_simt_us = sum(r["simt"]["time_us"] for r in runs if "simt" in r)
    record["gelu"]["simt"] = dict(config=args.simt_config, cycles=sum(
        r["simt"]["cycles"] for r in runs if "simt" in r), time_us=gelu_simt_us,
        operator_speedup=record["gelu"]["cpu_us"] / gelu_simt_us)
    # Amdahl: the rest of the forward unchanged, the unit's time in place of
    # the operators' CPU time, no transfer between CPU and unit (its memory
    # bandwidth is inside the simulated cycles).
    total = forward["total_us"]
    record["forward"] = dict(cpu_us=total, replaced_share=replaced_us / total,
                             with_unit_us=total - replaced_us + unit_us,
                             speedup=total / (total - replaced_us + unit_us),
                             speedup_bound=total / (total - replaced_us))
    write_json(path, record)
    f = record["forward"]
    print(f"hardware: GELU {record['gelu']['cycles']} cycles, softmax "
          f"{record['softmax']['cycles']} cycles at {args.hw_clock_mhz:g} MHz; the unit replaces "
          f"{100 * f['replaced_share']:.1f} % of the forward: speedup {f['speedup']:.3f}x")


# ---------------------------------------------------------------- the report

def _cells(folder):
    if not os.path.isdir(folder):
        return {}
    return {name[:-5]: read_json(os.path.join(folder, name))
            for name in sorted(os.listdir(folder)) if name.endswith(".json")}


def _pct(value):
    return "" if value is None else f"{100 * value:.2f}"


def _seconds(value):
    return "" if value is None else f"{value:.0f}"


def _delta(value, base):
    return "" if value is None or base is None else f"{100 * (value - base):+.2f}"


def report(args):
    lines = []
    native = read_json(os.path.join(args.out, "native.json")) \
        if os.path.exists(os.path.join(args.out, "native.json")) else None
    base = native["test_accuracy"] if native else None
    inference = _cells(os.path.join(args.out, "inference"))
    if native:
        lines += [f"Native: test accuracy {_pct(base)} % after {native['epochs']} epochs on "
                  f"{native['train_images']} images ({native['seconds']:.0f} s, "
                  f"{_seconds(native.get('cpu_seconds')) or '?'} s of CPU, "
                  f"{native['threads']} threads, {native['parameters']} parameters); "
                  f"the 88 % target {'met' if base >= 0.88 else 'not met'}.", ""]
    rows = [("gelu", "GELU only"), ("softmax", "softmax-exp only"), ("both", "both"),
            ("bothrecip", "both + reciprocal table"), ("gelufp16", "GELU, fp16 io"),
            ("gelubf16", "GELU, bf16 io"), ("geluint8", "GELU, int8 io"),
            ("geluint16", "GELU, int16 io")]
    segments = sorted({int(n.rsplit("_s", 1)[1]) for n in inference if "_s" in n})
    if inference and segments:
        lines += ["Inference: test accuracy % (change vs native in points)", "",
                  "| interpolated | " + " | ".join(f"{s}" for s in segments) + " |",
                  "|---|" + "---|" * len(segments)]
        for key, label in rows:
            cells = [inference.get(f"{key}_s{s}") for s in segments]
            if not any(cells):
                continue
            lines.append(f"| {label} | " + " | ".join(
                f"{_pct(c['test_accuracy'])} ({_delta(c['test_accuracy'], base)})" if c else ""
                for c in cells) + " |")
        lines.append("")
        lines += ["Inference: the native network's predictions kept (%) / the largest change of "
                  "any logit", "",
                  "| interpolated | " + " | ".join(f"{s}" for s in segments) + " |",
                  "|---|" + "---|" * len(segments)]
        for key, label in rows:
            cells = [inference.get(f"{key}_s{s}") for s in segments]
            if any(cells):
                lines.append(f"| {label} | " + " | ".join(
                    f"{100 * c['agreement_with_native']:.2f} / {c['max_logit_difference']:.1e}"
                    if c else "" for c in cells) + " |")
        lines.append("")
        finest = [inference[f"{key}_s{segments[-1]}"] for key, _ in rows
                  if f"{key}_s{segments[-1]}" in inference]
        if finest and base is not None:
            gap = max(abs(c["test_accuracy"] - base) for c in finest)
            lines += [f"{segments[-1]} segments: the largest change of test accuracy against "
                      f"native over these rows is {100 * gap:.2f} points (within 0.1 point: "
                      f"{'met' if gap <= 0.001 + 1e-9 else 'not met'}).", ""]
        others = [n for n in ("native", "native_gelufp16", "native_gelubf16", "igelu_f32",
                              "igelu_i32") if n in inference]
        if others:
            lines += ["| other | test accuracy % | vs native (points) | predictions kept % / "
                      "largest logit change |", "|---|---|---|---|"]
            for n in others:
                c = inference[n]
                kept = (f"{100 * c['agreement_with_native']:.2f} / "
                        f"{c['max_logit_difference']:.1e}" if n != "native" else "")
                lines.append(f"| {c['description']} | {_pct(c['test_accuracy'])} | "
                             f"{_delta(c['test_accuracy'], base)} | {kept} |")
            lines.append("")
    training_root = os.path.join(args.out, "training")
    budgets = sorted(os.listdir(training_root)) if os.path.isdir(training_root) else []
    training = {}
    for budget in budgets:
        cells = _cells(os.path.join(training_root, budget))
        if not cells:
            continue
        training[budget] = cells
        baseline = cells.get("native")
        tbase = baseline["test_accuracy"] if baseline else None
        first = next(iter(cells.values()))
        lines += [f"Training, {first['epochs']} epochs on {first['train_images']} images "
                  f"(GELU and softmax-exp interpolated in forward and backward): test accuracy % "
                  f"with the interpolated functions, and with torch's functions on the same "
                  f"weights", "",
                  "| segments | backward | test accuracy % | vs native (points) | "
                  "torch functions % | seconds | CPU seconds |", "|---|---|---|---|---|---|---|"]
        for c in sorted(cells.values(), key=lambda c: (c["segments"] or 0, BACKWARDS.index(
                c["backward"]) if c["backward"] else -1)):
            lines.append(f"| {c['segments'] or 'native'} | {c['backward'] or ''} | "
                         f"{_pct(c['test_accuracy'])} | "
                         f"{_delta(c['test_accuracy'], tbase) if c['segments'] else ''} | "
                         f"{_pct(c['test_accuracy_native_functions'])} | {c['seconds']:.0f} | "
                         f"{_seconds(c.get('cpu_seconds'))} |")
        lines.append("")
    profile_path = os.path.join(args.out, "profile.json")
    if os.path.exists(profile_path):
        p = read_json(profile_path)
        lines += [f"Share of time (torch profiler, native model, batch {p['batch']}, "
                  f"{p['threads']} threads, mean of {p['steps']} steps)", "",
                  "| pass | time per batch (ms) | GELU % | softmax % | GELU + softmax % | "
                  "LayerNorm % |", "|---|---|---|---|---|---|"]
        for phase in ("forward", "backward"):
            r = p[phase]
            lines.append(f"| {phase} | {r['total_us'] / 1000:.2f} | "
                         f"{100 * r['gelu_share']:.1f} | {100 * r['softmax_share']:.1f} | "
                         f"{100 * (r['gelu_share'] + r['softmax_share']):.1f} | "
                         f"{100 * r['layernorm_share']:.1f} |")
        lines.append("")
    hardware_path = os.path.join(args.out, "hardware.json")
    if os.path.exists(hardware_path):
        h = read_json(hardware_path)
        f = h["forward"]
        lines += [f"Hardware INTERP unit (interpsim simd, {os.path.basename(h['config'])}, "
                  f"{h['clock_mhz']:g} MHz) on one training batch of {h['batch']} images, "
                  f"against the operators' forward CPU time in the profile", "",
                  "| operator | elements | unit cycles | unit time (us) | CPU time (us) | "
                  "share of forward % | operator speedup |", "|---|---|---|---|---|---|---|"]
        for operator, label in (("gelu", "GELU"), ("softmax", "softmax")):
            r = h[operator]
            lines.append(f"| {label} | {r['elements']} | {r['cycles']} | {r['unit_us']:.1f} | "
                         f"{r['cpu_us']:.1f} | {100 * r['share_of_forward']:.1f} | "
                         f"{r['operator_speedup']:.1f}x |")
        lines += ["", f"Forward {f['cpu_us'] / 1000:.2f} ms -> {f['with_unit_us'] / 1000:.2f} ms "
                  f"with the unit ({100 * f['replaced_share']:.1f} % replaced): speedup "
                  f"{f['speedup']:.3f}x (bound with a free unit {f['speedup_bound']:.3f}x; the "
                  f"rest of the network unchanged, no CPU-unit transfer).", ""]
        simt = h["gelu"]["simt"]
        lines += [f"GELU on the SIMT model ({os.path.basename(simt['config'])}, kernel interp, "
                  f"{SIMT_INTERP_LANES} INTERP lanes per scheduler): {simt['cycles']} cycles, "
                  f"{simt['time_us']:.1f} us, {simt['operator_speedup']:.0f}x the CPU's GELU.",
                  ""]
    text = "\n".join(lines)
    with open(os.path.join(args.out, "tables.md"), "w") as f:
        f.write(text)
    print(text)
    if inference and segments:
        plot(args, inference, training, base, segments)


def plot(args, inference, training, base, segments):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report: matplotlib missing, no plot")
        return
    # Changes in points against the native network of the same budget: the
    # trained one for inference, the one trained with the same epochs for training.
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for key, label in (("gelu", "GELU"), ("softmax", "softmax-exp"), ("both", "both"),
                       ("gelubf16", "GELU, bf16 io")):
        points = [(s, 100 * (inference[f"{key}_s{s}"]["test_accuracy"] - base))
                  for s in segments if f"{key}_s{s}" in inference]
        if points and base is not None:
            left.plot(*zip(*points), marker="o", label=label)
    left.set_title("inference with the native weights")
    for budget, cells in sorted(training.items()):
        native = cells.get("native")
        if native is None:
            continue
        for backward in BACKWARDS:
            points = sorted((c["segments"], 100 * (c["test_accuracy"] - native["test_accuracy"]))
                            for c in cells.values() if c["backward"] == backward)
            if points:
                right.plot(*zip(*points), marker="s", linestyle="--",
                           label=f"{native['epochs']} epoch(s), backward {backward}")
    right.set_title("training with interpolated GELU and softmax-exp")
    for ax in (left, right):
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("segments per function")
        ax.set_ylabel("test accuracy - native (points)")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle("ViT on Fashion-MNIST")
    fig.tight_layout()
    out = args.plot or os.path.join(args.out, "accuracy.png")
    fig.savefig(out, dpi=120)
    print(f"report: wrote {out}")


# ------------------------------------------------------- --jobs: cells in parallel

_WORKER = {}  # a worker process's args and tensors, loaded once


def _start_worker(args):
    torch.set_num_threads(args.threads)
    Progress.LINES = 60.0
    _WORKER["args"], _WORKER["tensors"] = args, data(args)


def _run_task(task):
    """One unit of work in a worker: ("native",), ("training", segments,
    backward), ("inference", names) or ("profile",)."""
    args, tensors = _WORKER["args"], _WORKER["tensors"]
    if task[0] == "training":
        name, _ = training_cell_path(args, task[1], task[2])
        train_cell(args, tensors, task[1], task[2], f"training {name}")
    elif task[0] == "inference":
        stage_inference(args, tensors, task[1])
    else:
        globals()["stage_" + task[0]](args, tensors)
    return task


def run_parallel(args, stages):
    """The stages but report as tasks in args.jobs processes: the native
    training first, the training cells beside it, then what needs the native
    weights (inference in chunks of one segment count, the profile)."""
    first, after_native = [], []
    native_present = os.path.exists(os.path.join(args.out, "native.json")) and not args.force
    if "native" in stages and not native_present:
        first.append(("native",))
    if "training" in stages:
        for segments, backward in training_cells(args):
            name, path = training_cell_path(args, segments, backward)
            if os.path.exists(path) and not args.force:
                print(f"training {name}: present, skipped")
            elif segments is None and args.train_epochs == args.epochs:
                after_native.append(("reuse_native", path))  # the parent does it
            else:
                first.append(("training", segments, backward))
    if "inference" in stages:
        todo = inference_todo(args)
        print(f"inference: {len(inference_cells(args.segments)) - len(todo)} of "
              f"{len(inference_cells(args.segments))} cells present")
        chunks = {}
        for name in todo:
            chunks.setdefault(name.rsplit("_s", 1)[1] if "_s" in name else "other",
                              []).append(name)
        after_native += [("inference", names) for names in chunks.values()]
    if "profile" in stages:
        after_native.append(("profile",))
    total = len(first) + len(after_native)
    Progress.LINES = 1e-3  # a line per finished cell, between the workers' lines
    progress = Progress(total, f"grid ({args.jobs} processes)")
    context = multiprocessing.get_context("spawn")  # no fork of a process holding BLAS threads
    with context.Pool(args.jobs, initializer=_start_worker, initargs=(args,)) as pool:
        pending = {}

        def submit(task):
            if task[0] == "reuse_native":
                if not reuse_native(args, task[1]):
                    raise SystemExit(f"{task[1]}: no native run of the same budget to reuse")
                progress.update(1, "training native (reused)")
            else:
                pending[pool.apply_async(_run_task, (task,))] = task

        for task in first:
            submit(task)
        if not any(task[0] == "native" for task in first):
            for task in after_native:
                submit(task)
        while pending:
            time.sleep(0.5)
            for result in [r for r in pending if r.ready()]:
                task = pending.pop(result)
                result.get()  # a worker's exception ends the run here
                progress.update(1, " ".join(str(t) for t in task[:3] if isinstance(t, (str, int))))
                if task[0] == "native":
                    for later in after_native:
                        submit(later)
    progress.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m interpsim.experiments.vit", description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("stages", nargs="*", metavar="STAGE",
                        help="native, inference, training, profile, hardware, report "
                        "(default: all)")
    parser.add_argument("--out", default="results/vit", help="results folder (results/vit)")
    parser.add_argument("--grid", choices=("reduced", "full"), default="reduced")
    parser.add_argument("--segments", default=",".join(map(str, SEGMENTS)),
                        type=lambda s: [int(v) for v in s.split(",")])
    parser.add_argument("--backward", default=",".join(BACKWARDS),
                        type=lambda s: [v for v in s.split(",")],
                        help="backward modes of the training grid (slope,exact,table)")
    parser.add_argument("--seed", type=int, default=20241127)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--train-images", type=int, default=60000)
    parser.add_argument("--test-images", type=int, default=10000)
    parser.add_argument("--epochs", type=int, default=NATIVE_EPOCHS,
                        help=f"epochs of the native network ({NATIVE_EPOCHS})")
    parser.add_argument("--train-epochs", type=int,
                        help=f"epochs of each training-grid cell (default: {TRAIN_EPOCHS}, "
                        f"at most --epochs)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="processes running cells in parallel (1)")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--eval-batch", type=int, default=1000)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--patch", type=int, default=ARCHITECTURE["patch"])
    parser.add_argument("--dim", type=int, default=ARCHITECTURE["dim"])
    parser.add_argument("--depth", type=int, default=ARCHITECTURE["depth"])
    parser.add_argument("--heads", type=int, default=ARCHITECTURE["heads"])
    parser.add_argument("--hidden", type=int, default=ARCHITECTURE["hidden"])
    parser.add_argument("--profile-steps", type=int, default=10)
    parser.add_argument("--hw-config", help=f"the hardware stage's SIMD config ({HW_CONFIG})")
    parser.add_argument("--hw-clock-mhz", type=float, default=HW_CLOCK_MHZ,
                        help=f"the unit's clock ({HW_CLOCK_MHZ:g} MHz: interp_lane's Fmax, "
                        f"docs/results/ppa.md)")
    parser.add_argument("--interpsim", help="the interpsim binary (default $INTERPSIM_CLI, "
                        "else build/sim/interpsim)")
    parser.add_argument("--plot", help="the plot's path (default OUT/accuracy.png)")
    parser.add_argument("--force", action="store_true", help="recompute cells already present")
    args = parser.parse_args(argv)
    for b in args.backward:
        if b not in BACKWARDS:
            parser.error(f"--backward: '{b}' is not one of {', '.join(BACKWARDS)}")
    for stage in args.stages:
        if stage not in STAGES:
            parser.error(f"stage: '{stage}' is not one of {', '.join(STAGES)}")
    if not args.hw_clock_mhz > 0:
        parser.error(f"--hw-clock-mhz: {args.hw_clock_mhz} is not a positive clock")
    if args.jobs < 1:
        parser.error(f"--jobs: {args.jobs} is not a positive number of processes")
    if args.train_epochs is None:
        args.train_epochs = min(TRAIN_EPOCHS, args.epochs)
    stages = args.stages or list(STAGES)
    if "hardware" in stages:
        hardware_paths(args, parser)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    if args.jobs > 1 and set(stages) - {"report", "hardware"}:
        run_parallel(args, [s for s in STAGES if s in stages and s not in ("report", "hardware")])
        # The hardware stage needs the profile; it runs seconds, in this process.
        stages = [s for s in stages if s in ("hardware", "report")]
    tensors = data(args) if set(stages) - {"report"} else None
    for stage in stages:
        if stage == "report":
            report(args)
        else:
            globals()["stage_" + stage](args, tensors)


if __name__ == "__main__":
    main()
