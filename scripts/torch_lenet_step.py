#!/usr/bin/env python3
"""PyTorch eager reference for scripts/bench: median ms per blitz-LeNet training step
(zero grad, forward, MSE, backward, SGD lr 0.01) on the given device, one RESULT line per batch size.
Usage: torch_lenet_step.py DEVICE(cpu|cuda) BATCHES(comma list) [STEPS]"""
import statistics, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def main():
    device = torch.device(sys.argv[1] if len(sys.argv) > 1 else "cuda")
    batches = [int(b) for b in (sys.argv[2] if len(sys.argv) > 2 else "1,64,256,1024").split(",")]
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    torch.manual_seed(0)
    net = Net().to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.MSELoss()
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    for n in batches:
        x = torch.randn(n, 1, 32, 32, device=device)
        y = torch.randn(n, 10, device=device)
        times = []
        for i in range(steps + 10):
            sync()
            t0 = time.perf_counter()
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            sync()
            if i >= 10:
                times.append((time.perf_counter() - t0) * 1e3)
        print(f"RESULT engine=pytorch-{torch.__version__} device={device.type} N={n} "
              f"median_ms={statistics.median(times):.3f} threads={torch.get_num_threads()}", flush=True)


if __name__ == "__main__":
    main()
