#!/usr/bin/python3
"""Speed of interpsim.torch against torch's native functions on one core
(issue 14, target 6): GELU over 2^22 float32 elements and softmax over rows
of 1024; the median of several runs of each.

    PYTHONPATH=build/python taskset -c 0 /usr/bin/python3 scripts/python_speed.py
"""
import statistics
import time

import torch

import interpsim
import interpsim.torch as it


def median_seconds(calls, runs):
    """Median seconds of each call, the calls alternating run by run so that
    a change in the machine's load reaches all of them alike."""
    for call in calls:
        call()  # warm: tables, caches, allocator
    times = [[] for _ in calls]
    for _ in range(runs):
        for call, spent in zip(calls, times):
            start = time.perf_counter()
            call()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x = torch.randn(1 << 22) * 3
    module = it.Interp("gelu", 4096)
    out = torch.empty_like(x)
    native, interp, into = median_seconds(
        [lambda: torch.nn.functional.gelu(x), lambda: module(x),
         lambda: interpsim.evaluate(module.table, x, out=out)], 21)
    print(f"gelu, 2^22 float32: torch {native * 1e3:.2f} ms, interpsim.torch.Interp "
          f"{interp * 1e3:.2f} ms ({interp / native:.2f}x), Table.eval into out= "
          f"{into * 1e3:.2f} ms ({into / native:.2f}x)")
    rows = torch.randn(4096, 1024) * 3
    softmax = it.Softmax(dim=-1, segments=4096)
    native, interp = median_seconds([lambda: torch.softmax(rows, -1), lambda: softmax(rows)], 11)
    print(f"softmax, 4096 rows of 1024: torch {native * 1e3:.2f} ms, interpsim.torch.Softmax "
          f"{interp * 1e3:.2f} ms ({interp / native:.2f}x)")


if __name__ == "__main__":
    main()
