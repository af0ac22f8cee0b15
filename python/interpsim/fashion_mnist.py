"""Fashion-MNIST from Debian's dataset-fashion-mnist package (IDX files under
/usr/share/datasets/fashion-mnist), the one loader of the project's real-data
scripts (traces/gen_fashion_traces.py, interpsim.experiments.vit)."""
import gzip
import os

import numpy as np
import torch

DATASET = "/usr/share/datasets/fashion-mnist"
FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
         "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def idx_file(name):
    """An IDX file of the dataset (big-endian header, then uint8 data)."""
    path = os.path.join(DATASET, name)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: install Debian's dataset-fashion-mnist "
                                f"(scripts/install_deps.sh)")
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images(name):
    """(N, 784) float32 in [0, 1]."""
    return torch.from_numpy(idx_file(name).reshape(-1, 784).astype(np.float32) / 255.0)


def labels(name):
    return torch.from_numpy(idx_file(name).astype(np.int64))


def split(which):
    """(images (N, 784) float32 in [0, 1], labels (N,) int64) of "train" or "test"."""
    image_file, label_file = FILES[which]
    return images(image_file), labels(label_file)
