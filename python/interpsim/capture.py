"""Activation capture: the inputs of a model's nonlinear layers, recorded by
forward pre-hooks and written as .npy traces for `interpsim eval`, `simd`,
`simt` and `verify` (docs/python.md)."""
import os

import numpy as np
from torch import nn

# The layers whose inputs are recorded: torch's and interpsim's own.
_NATIVE = (nn.GELU, nn.SiLU, nn.Sigmoid, nn.Tanh, nn.Softmax)


def _nonlinear(module):
    from interpsim.torch import Interp, Softmax  # late: interpsim.torch imports torch

    return isinstance(module, _NATIVE + (Interp, Softmax))


class Capture:
    """with Capture(model) as capture: model(x)  ->  capture.activations,
    {module name: [float32 arrays, one per call]}. `select(name, module)`
    chooses other layers than the nonlinear ones."""

    def __init__(self, model, select=None):
        self.activations = {}
        self._handles = []
        chosen = select or (lambda name, module: _nonlinear(module))
        for name, module in model.named_modules():
            if name and chosen(name, module):
                self._handles.append(module.register_forward_pre_hook(self._hook(name)))
        if not self._handles:
            raise LookupError("capture: the model has no layer to record (nn.GELU, nn.SiLU, "
                              "nn.Sigmoid, nn.Tanh, nn.Softmax or interpsim's own)")

    def _hook(self, name):
        def record(module, inputs):
            x = inputs[0].detach().cpu().float().contiguous().numpy().copy()
            self.activations.setdefault(name, []).append(x)

        return record

    def remove(self):
        for handle in self._handles:
            handle.remove()
        self._handles = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()

    def save(self, folder):
        """Writes FOLDER/<name>.<call>.npy ('<f4', the input's shape); returns the paths."""
        os.makedirs(folder, exist_ok=True)
        paths = []
        for name, calls in self.activations.items():
            for i, x in enumerate(calls):
                path = os.path.join(folder, f"{name}.{i}.npy")
                np.save(path, x)
                paths.append(path)
        return paths
