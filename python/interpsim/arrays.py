"""NumPy views of torch tensors and back, without copies.

A CPU tensor's .numpy() shares its memory; bfloat16 (which NumPy lacks) is
viewed as its raw uint16 bit patterns, the dtype a bf16 trace has. Tensors
on another device are refused: this build evaluates on the CPU only.
"""
import sys

import numpy as np

from interpsim._core import InputError


def _torch():
    # Only look for torch if the caller has imported it: NumPy users need not.
    return sys.modules.get("torch")


def is_tensor(x):
    torch = _torch()
    return torch is not None and isinstance(x, torch.Tensor)


def to_numpy(x):
    """A NumPy array sharing x's memory (x: ndarray or CPU torch tensor)."""
    if isinstance(x, np.ndarray):
        return x
    if is_tensor(x):
        torch = _torch()
        if x.device.type != "cpu":
            raise InputError(
                f"tensor: on device '{x.device}', but this build of interpsim evaluates on "
                "the CPU only (move it with x.cpu())"
            )
        x = x.detach()
        if x.dtype == torch.bfloat16:
            return x.view(torch.int16).numpy().view(np.uint16)
        return x.numpy()
    raise InputError(f"x: a {type(x).__name__} is neither a NumPy array nor a torch tensor")


def from_numpy(y, like):
    """y as the kind of object `like` is (a tensor of like's dtype shares y)."""
    if not is_tensor(like):
        return y
    torch = _torch()
    if like.dtype == torch.bfloat16:
        return torch.from_numpy(y.view(np.int16)).view(torch.bfloat16)
    return torch.from_numpy(y)


def evaluate(table, x, out=None, **options):
    """table.eval on an array or tensor; the result is of x's kind and dtype.
    options go to table.eval (a FixedTable's rounding and seed)."""
    y = table.eval(to_numpy(x), None if out is None else to_numpy(out), **options)
    return out if out is not None else from_numpy(y, x)
