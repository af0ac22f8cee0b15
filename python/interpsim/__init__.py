"""interpsim: the golden models of the multi-segment interpolation unit.

Tables (generate, load, save, error) and bit-exact evaluation of every design
and number format on NumPy arrays and CPU torch tensors without copies
(docs/design.md section 13, docs/python.md). PyTorch operators with a
backward are in interpsim.torch.
"""
from interpsim._core import (
    BreakpointTable,
    FixedTable,
    InputError,
    NonuniformTable,
    Table,
    defaults,
    functions,
    igelu_f32,
    igelu_i32,
    lbfp8_decode,
    lbfp8_encode,
    reference,
    softmax_rows,
)
from interpsim.arrays import evaluate, from_numpy, to_numpy

__all__ = [
    "BreakpointTable",
    "FixedTable",
    "InputError",
    "NonuniformTable",
    "Table",
    "defaults",
    "evaluate",
    "from_numpy",
    "functions",
    "igelu_f32",
    "igelu_i32",
    "lbfp8_decode",
    "lbfp8_encode",
    "reference",
    "softmax_rows",
    "to_numpy",
]
