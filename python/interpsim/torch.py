"""PyTorch operators evaluated by the interpolation unit's golden model.

Interp (any registered function; GELU, SiLU, Sigmoid, Tanh and Exp name five
of them) and Softmax are nn.Modules whose forward is bit-exact with the C++
golden model (and so with the RTL) and whose backward is one of
(docs/design.md section 13, docs/python.md):

  slope  the interpolant's own derivative: K[idx] of the row the forward read;
  exact  the float64 derivative of the real function at x;
  table  a derivative table (f' tabulated by Algorithm 1) evaluated at x.

patch(model, {...}) swaps a model's nn.GELU/nn.SiLU/nn.Sigmoid/nn.Tanh/
nn.Softmax for them in place.
"""
import math
import warnings

import numpy as np
import torch
from torch import nn

from interpsim import _core
from interpsim.arrays import evaluate, from_numpy, to_numpy

BACKWARDS = ("slope", "exact", "table")
DESIGNS = ("uniform", "bsearch", "nonuniform")
# The torch dtype that carries each io format (fp8 has no torch dtype in 1.13).
FORMAT_DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def _check_choice(key, value, choices):
    if value not in choices:
        raise _core.InputError(f"{key}: '{value}' is not one of {', '.join(choices)}")


class Interp(nn.Module):
    """y = interp(T, x) for a table T of `func`, with the chosen backward."""

    def __init__(self, func, segments=4096, a=None, m=None, edges=None, backward="slope",
                 format="fp32", kb="fp32", design="uniform"):
        super().__init__()
        _check_choice("backward", backward, BACKWARDS)
        _check_choice("design", design, DESIGNS)
        if design != "uniform" and format != "fp32":
            raise _core.InputError(f"design: {design} runs in fp32 only (format = {format})")
        _check_choice("format", format, tuple(FORMAT_DTYPES))
        self.func, self.backward, self.design = func, backward, design
        self._options = dict(segments=segments, a=a, m=m, edges=edges, format=format, kb=kb)
        self._build_tables()

    def _build_tables(self):
        func, design, backward = self.func, self.design, self.backward
        segments, format, kb = (self._options[key] for key in ("segments", "format", "kb"))
        self.table = _core.Table.generate(func, segments, a=self._options["a"],
                                          m=self._options["m"], edges=self._options["edges"],
                                          format=format, kb=kb)
        if design == "bsearch":
            self.lookup = _core.BreakpointTable.from_uniform(self.table)
        elif design == "nonuniform":
            # The same interval and segment budget, cut where the error is largest.
            self.lookup = _core.NonuniformTable.generate(func, self.table.a, self.table.m,
                                                         segments, self.table.edges)
        else:
            self.lookup = self.table
        self.derivative_table = None
        if backward == "table":
            self.derivative_table = _core.Table.generate(
                func, segments, a=self.table.a, m=self.table.m, edges=self.table.edges,
                derivative=True, format=format, kb=kb)

    # The tables are C++ objects: copies and pickles carry the options and
    # rebuild them (the same options give the same tables).
    def __getstate__(self):
        state = self.__dict__.copy()
        for key in ("table", "lookup", "derivative_table"):
            state.pop(key, None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        self._build_tables()

    def extra_repr(self):
        t = self.table
        return (f"func={self.func}, segments={t.segments}, a={t.a}, m={t.m}, edges={t.edges}, "
                f"format={t.format}, design={self.design}, backward={self.backward}")

    def evaluate(self, x):
        """The golden model's forward on a tensor (no autograd)."""
        return evaluate(self.lookup, x)

    def slopes(self, x):
        """K of the row the forward reads for each element (NaN for NaN x)."""
        xn = to_numpy(x)
        if self.design == "nonuniform":
            parts = self.lookup.parts_of(xn)
            k = np.full(xn.shape, np.nan, dtype=np.float32)
            for j, part in enumerate(self.lookup.parts):
                mask = parts == j
                k[mask] = np.append(part.K, np.float32(np.nan))[part.rows(xn[mask])]
            return k
        # Row -1 (NaN) reads the appended NaN.
        return np.append(self.lookup.K, np.float32(np.nan))[self.lookup.rows(xn)]

    def derivative(self, x):
        """dy/dx by this module's backward mode, a tensor of x's dtype."""
        if self.backward == "slope":
            return torch.from_numpy(self.slopes(x)).to(x.dtype)
        if self.backward == "exact":
            x64 = x.detach().to(torch.float64).contiguous().numpy()
            return torch.from_numpy(_core.reference(self.func, x64, True)).to(x.dtype)
        return evaluate(self.derivative_table, x.detach().contiguous())

    def forward(self, x):
        return _InterpFunction.apply(x, self)


class GELU(Interp):
    """Drop-in for nn.GELU (erf form; func="gelu_tanh" for approximate="tanh")."""

    def __init__(self, segments=4096, **options):
        super().__init__(options.pop("func", "gelu"), segments, **options)


class SiLU(Interp):
    def __init__(self, segments=4096, **options):
        super().__init__("silu", segments, **options)


class Sigmoid(Interp):
    def __init__(self, segments=4096, **options):
        super().__init__("sigmoid", segments, **options)


class Tanh(Interp):
    def __init__(self, segments=4096, **options):
        super().__init__("tanh", segments, **options)


class Exp(Interp):
    def __init__(self, segments=4096, **options):
        super().__init__("exp", segments, **options)


class _InterpFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, module):
        ctx.module = module
        ctx.save_for_backward(x)
        return module.evaluate(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * ctx.module.derivative(x), None


class Softmax(nn.Module):
    """The SIMD array's softmax over `dim` (model/softmax_rows.hpp): row max,
    exp(x - max) by an exp table on [exp_a, 0], the sum as `lanes` float32
    accumulators add it, 1/sum by a reciprocal table on [1, 2) or a float32
    division, scale. float32 only.

    Backward (max held constant): with e = exp-table(x - max) and r = 1/sum
    from the forward, dL/de_i = r*g_i - r^2 * sum_j g_j*e_j and
    dL/dx_i = dL/de_i * d_i, where d_i is K[idx] of the exp table (slope),
    exp(x_i - max) in float64 (exact) or the exp derivative table (table).
    """

    def __init__(self, dim=-1, segments=4096, exp_a=-16.0, reciprocal="table",
                 reciprocal_segments=256, lanes=64, backward="slope"):
        super().__init__()
        _check_choice("backward", backward, BACKWARDS)
        _check_choice("reciprocal", reciprocal, ("table", "divide"))
        m = math.log2(-exp_a) if exp_a < 0 else float("nan")
        if not m.is_integer():
            raise _core.InputError(f"exp_a: {exp_a} is not -2^k (the exp table covers [a, 0])")
        self.dim, self.lanes, self.backward = dim, lanes, backward
        self.exp = Interp("exp", segments, a=exp_a, m=int(m), edges="asymptote",
                          backward=backward)
        # As the SIMD array builds it: 2^ceil(log2 R) segments on [1, 2), saturating.
        self._reciprocal_segments = reciprocal_segments if reciprocal == "table" else None
        self._build_reciprocal()

    def _build_reciprocal(self):
        self.reciprocal = None
        if self._reciprocal_segments is not None:
            self.reciprocal = _core.Table.generate(
                "reciprocal", 1 << max(0, math.ceil(math.log2(self._reciprocal_segments))),
                a=1.0, m=0, edges="saturate")

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("reciprocal", None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        self._build_reciprocal()

    def extra_repr(self):
        return (f"dim={self.dim}, segments={self.exp.table.segments}, exp_a={self.exp.table.a}, "
                f"reciprocal={'table' if self.reciprocal else 'divide'}, lanes={self.lanes}, "
                f"backward={self.backward}")

    def rows(self, x):
        """(y, e, r) of the golden model over the last axis of a float32 tensor."""
        y, e, r = _core.softmax_rows(to_numpy(x), self.exp.table, self.reciprocal, self.lanes)
        return from_numpy(y, x), from_numpy(e, x), from_numpy(r, x)

    def forward(self, x):
        return _SoftmaxFunction.apply(x, self)


class _SoftmaxFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, module):
        last = x.movedim(module.dim, -1).contiguous()
        y, e, r = module.rows(last)
        ctx.module = module
        ctx.save_for_backward(last, e, r)
        return y.movedim(-1, module.dim)

    @staticmethod
    def backward(ctx, grad):
        last, e, r = ctx.saved_tensors
        module = ctx.module
        g = grad.movedim(module.dim, -1).contiguous()  # the same sums whatever dim is
        r = r.unsqueeze(-1)
        # The forward's x - max in float32 (the exp table's input).
        z = (last - last.amax(dim=-1, keepdim=True)).contiguous()
        d_e = r * g - r * r * (g * e).sum(dim=-1, keepdim=True)
        d_x = d_e * module.exp.derivative(z)
        return d_x.movedim(-1, module.dim), None


# Functional forms: one module per distinct configuration, built once.
_MODULES = {}


def _cached(kind, *args, **kwargs):
    key = (kind, args, tuple(sorted(kwargs.items())))
    if key not in _MODULES:
        _MODULES[key] = Softmax(*args, **kwargs) if kind == "softmax" else Interp(kind, *args,
                                                                                   **kwargs)
    return _MODULES[key]


def gelu(x, **options):
    return _cached("gelu", **options)(x)


def silu(x, **options):
    return _cached("silu", **options)(x)


def sigmoid(x, **options):
    return _cached("sigmoid", **options)(x)


def tanh(x, **options):
    return _cached("tanh", **options)(x)


def exp(x, **options):
    return _cached("exp", **options)(x)


def softmax(x, dim=-1, **options):
    return _cached("softmax", dim=dim, **options)(x)


class NothingToPatch(LookupError):
    """patch() found none of the modules it was asked to replace."""


def _replacement(module, options):
    """The interpsim module for a torch module, or None if it is not one we replace."""
    if isinstance(module, nn.GELU):
        func = "gelu_tanh" if getattr(module, "approximate", "none") == "tanh" else "gelu"
        return "gelu", Interp(func, **options.get("gelu", {}))
    if isinstance(module, nn.SiLU):
        return "silu", Interp("silu", **options.get("silu", {}))
    if isinstance(module, nn.Sigmoid):
        return "sigmoid", Interp("sigmoid", **options.get("sigmoid", {}))
    if isinstance(module, nn.Tanh):
        return "tanh", Interp("tanh", **options.get("tanh", {}))
    if isinstance(module, nn.Softmax):
        dim = -1 if module.dim is None else module.dim
        return "softmax", Softmax(dim=dim, **options.get("softmax", {}))
    return None


PATCHABLE = ("gelu", "silu", "sigmoid", "tanh", "softmax")


def patch(model, options, strict=True, verbose=False):
    """Replaces, in place, each nn.GELU/nn.SiLU/nn.Sigmoid/nn.Tanh/nn.Softmax of
    `model` whose kind is a key of `options` ({"gelu": {"segments": 256,
    "backward": "exact"}, "softmax": {}, ...}) by Interp or Softmax built with
    those keyword arguments. Returns [(name, old module, new module)].

    Finding nothing to replace raises NothingToPatch (strict=True) or warns
    (strict=False). verbose=True prints one line per replacement.
    """
    for kind in options:
        _check_choice("patch", kind, PATCHABLE)
    wanted = {kind: options[kind] or {} for kind in options}
    replaced = []
    for parent_name, parent in list(model.named_modules()):
        for child_name, child in list(parent.named_children()):
            found = _replacement(child, wanted) if _kind_of(child) in wanted else None
            if found is None:
                continue
            setattr(parent, child_name, found[1])
            name = f"{parent_name}.{child_name}" if parent_name else child_name
            replaced.append((name, child, found[1]))
            if verbose:
                print(f"interpsim.torch.patch: {name}: {child} -> {found[1]}")
    if not replaced:
        message = (f"patch: the model has no module of the kinds asked for "
                   f"({', '.join(sorted(wanted))}); nothing was replaced")
        if strict:
            raise NothingToPatch(message)
        warnings.warn(message)
    return replaced


def _kind_of(module):
    for kind, cls in (("gelu", nn.GELU), ("silu", nn.SiLU), ("sigmoid", nn.Sigmoid),
                      ("tanh", nn.Tanh), ("softmax", nn.Softmax)):
        if isinstance(module, cls):
            return kind
    return None
