"""PyTorch 1.13 twin of examples/s4_brown.ts, run by bench/s4_brown.ts:
EmbeddingBag(V, 32, mode="mean") -> Linear(32, C) -> CrossEntropyLoss ->
SGD, the zero_grad / forward / backward / step loop with the loss read every
step, from the initial weights and on the batches the Deno side wrote to DIR
(so both train the same model on the same data in the same order). Trains once
per thread count (torch.set_num_threads; the BLAS pools are limited by
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS from the caller). Prints one JSON line:
per thread count, the time of each epoch in ms, the last epoch's mean training
loss, and the held-out accuracy in % after the last epoch.

    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/peers/s4_brown_torch.py DIR 2,1
"""
import json
import sys
import time

import numpy as np
import torch

folder, threads = sys.argv[1], [int(t) for t in sys.argv[2].split(",")]
meta = json.load(open(f"{folder}/meta.json"))
V, C, B, lr, epochs = meta["V"], meta["C"], meta["B"], meta["lr"], meta["epochs"]


def read(name, dtype=np.int32):
    return torch.from_numpy(np.fromfile(f"{folder}/{name}.bin", dtype=dtype))


def paragraphs(name):
    """The paragraphs of NAME in their order: all ids, where each starts, the labels."""
    idx, lens, labels = read(f"{name}_idx").long(), read(f"{name}_len").long(), read(f"{name}_lab").long()
    return idx, torch.cat([torch.zeros(1, dtype=torch.long), lens.cumsum(0)]), labels


def batches(name):
    """The paragraphs of NAME, B per batch, as (indices, offsets, labels)."""
    idx, starts, labels = paragraphs(name)
    out = []
    for i in range(0, len(labels), B):
        j = min(i + B, len(labels))
        out.append((idx[starts[i]:starts[j]], starts[i:j] - starts[i], labels[i:j]))
    return out


def train(n_threads, plan):
    torch.set_num_threads(n_threads)
    embedding_bag = torch.nn.EmbeddingBag(V, 32, mode="mean")
    fc = torch.nn.Linear(32, C)
    with torch.no_grad():
        embedding_bag.weight.copy_(read("table", np.float32).reshape(V, 32))
        fc.weight.copy_(read("fc_w", np.float32).reshape(C, 32))
        fc.bias.copy_(read("fc_b", np.float32))
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(list(embedding_bag.parameters()) + list(fc.parameters()), lr=lr)
    ms, total, count = [], 0.0, 0
    for epoch in plan:
        t0 = time.perf_counter()
        total, count = 0.0, 0
        for indices, offsets, labels in epoch:
            optimizer.zero_grad()
            output = fc(embedding_bag(indices, offsets))
            loss = criterion(output, labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(labels)
            count += len(labels)
        ms.append((time.perf_counter() - t0) * 1000)
    idx, starts, labels = paragraphs("test")
    with torch.no_grad():
        predicted = fc(embedding_bag(idx, starts[:-1])).argmax(1)
    accuracy = 100.0 * (predicted == labels).float().mean().item()
    return {"ms": ms, "loss": total / count, "accuracy": accuracy}


plan = [batches(f"e{e}") for e in range(1, epochs + 1)]
runs = {str(n): train(n, plan) for n in threads}
print(json.dumps({"torch": torch.__version__, "runs": runs}))
