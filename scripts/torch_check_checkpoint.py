#!/usr/bin/env python3
"""Loads a Blitz MNIST checkpoint into PyTorch's blitz Net (strict load_state_dict) and prints its test accuracy,
computed by PyTorch: proof that the safetensors checkpoints carry PyTorch's names, shapes and layout.
Usage: torch_check_checkpoint.py CHECKPOINT.safetensors MNIST_DIR (t10k files raw or .gz)"""
import gzip, os, sys

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_lenet_step import Net  # noqa: E402


def idx(path, offset):
    for p in (path, path + ".gz"):
        if os.path.exists(p):
            with (gzip.open(p) if p.endswith(".gz") else open(p, "rb")) as f:
                return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    raise FileNotFoundError(path)


def main():
    ckpt, data = sys.argv[1], sys.argv[2]
    net = Net()
    net.load_state_dict(load_file(ckpt))
    net.eval()
    images = idx(os.path.join(data, "t10k-images-idx3-ubyte"), 16).reshape(-1, 1, 28, 28).astype(np.float32)
    labels = idx(os.path.join(data, "t10k-labels-idx1-ubyte"), 8).astype(np.int64)
    x = F.pad((torch.from_numpy(images) / 255 - 0.1307) / 0.3081, (2, 2, 2, 2), value=(0 - 0.1307) / 0.3081)
    with torch.no_grad():
        correct = (net(x).argmax(1) == torch.from_numpy(labels)).sum().item()
    print(f"RESULT pytorch-{torch.__version__} loaded {os.path.basename(ckpt)} strictly: "
          f"test accuracy {100 * correct / len(labels):.2f}% ({correct}/{len(labels)})")


if __name__ == "__main__":
    main()
