"""PyTorch side of bench/reduce.ts: sums of a [4096, 1024] float32 tensor.

Prints one JSON line per workload: {"workload", "median_ms", "threads", "version"}.
Usage: /usr/bin/python3 bench/peers/torch_reduce.py --threads 2
"""

import argparse
import json
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--min-time", type=float, default=1.0)
args = parser.parse_args()
torch.set_num_threads(args.threads)
x = torch.rand(4096, 1024, generator=torch.Generator().manual_seed(0)) * 2 - 1

for name, dim in (("sum-last", 1), ("sum-first", 0)):
    out = x.sum(dim)
    times = []
    began = time.perf_counter()
    while time.perf_counter() - began < args.min_time or len(times) < 10:
        t0 = time.perf_counter()
        torch.sum(x, dim, out=out)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({"workload": name, "median_ms": times[len(times) // 2],
                      "threads": args.threads, "version": torch.__version__}))
