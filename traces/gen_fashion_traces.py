#!/usr/bin/python3
"""Real activation traces: a small GELU MLP trained on Fashion-MNIST (Debian's
dataset-fashion-mnist) on the CPU, its nonlinear layers' inputs captured with
interpsim.capture.Capture on test images (see traces/README.md).

Usage: PYTHONPATH=build/python /usr/bin/python3 traces/gen_fashion_traces.py
           [--out DIR] [--seed S] [--train-images N] [--epochs E] [--images K]

Writes float32 .npy files (C order):
  fashion_mlp_gelu.npy     (K, 256) the GELU layer's inputs (x W1 + b1)
  fashion_mlp_logits.npy   (K, 10) the class logits, the softmax layer's input
and prints the network's test accuracy. Deterministic for a seed on one
thread with the same torch build.
"""
import argparse
import os

import numpy as np
import torch
from torch import nn

from interpsim.capture import Capture
from interpsim.fashion_mnist import split


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--seed", type=int, default=20240521)
    parser.add_argument("--train-images", type=int, default=60000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--images", type=int, default=256, help="test images captured")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    x_train, y_train = split("train")
    x_train, y_train = x_train[: args.train_images], y_train[: args.train_images]
    x_test, y_test = split("test")

    model = nn.Sequential(nn.Linear(784, 256), nn.GELU(), nn.Linear(256, 10), nn.Softmax(dim=-1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(args.epochs):
        order = torch.randperm(len(x_train))
        for start in range(0, len(order), 128):
            batch = order[start:start + 128]
            logits = model[:3](x_train[batch])  # the loss takes logits
            loss = nn.functional.cross_entropy(logits, y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    with torch.no_grad():
        accuracy = (model[:3](x_test).argmax(dim=-1) == y_test).float().mean().item()
        with Capture(model) as capture:
            model(x_test[: args.images])
    os.makedirs(args.out, exist_ok=True)
    for layer, name in (("1", "fashion_mlp_gelu.npy"), ("3", "fashion_mlp_logits.npy")):
        np.save(os.path.join(args.out, name), capture.activations[layer][0])
    print(f"test accuracy {accuracy:.4f} after {args.epochs} epochs on {len(x_train)} images; "
          f"wrote fashion_mlp_gelu.npy and fashion_mlp_logits.npy ({args.images} test images) "
          f"to {args.out}")


if __name__ == "__main__":
    main()
