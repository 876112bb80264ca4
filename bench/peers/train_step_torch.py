"""PyTorch 1.13 side of `bench/train_step.ts`: the train-step workload
(EmbeddingBag(1000000, 64, sum) over 4096 bags x 32 ids, loss
sum(out * cotangent), backward, optimizer step), median ms per full step
with 2 threads, for each variant. Reads the indices and the cotangent the
Deno side wrote (so both run on the same data). Prints one JSON line.

    /usr/bin/python3 bench/peers/train_step_torch.py DIR REPS VARIANTS WARMUP
"""
import json, sys, time
import numpy as np
import torch

V, D, B, L = 1000000, 64, 4096, 32
folder, reps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[4])
torch.set_num_threads(2)
ids = torch.from_numpy(np.fromfile(f"{folder}/ids.bin", dtype=np.int32).astype(np.int64))
cot = torch.from_numpy(np.fromfile(f"{folder}/cot.bin", dtype=np.float32).reshape(B, D))
offsets = torch.arange(0, B * L, L)

VARIANTS = {
    "sgd-sparse": (True, lambda p: torch.optim.SGD(p, lr=0.01)),
    "sgd-dense": (False, lambda p: torch.optim.SGD(p, lr=0.01)),
    "adagrad-sparse": (True, lambda p: torch.optim.Adagrad(p, lr=0.01)),
    "sparseadam": (True, lambda p: torch.optim.SparseAdam(p, lr=0.01)),
    "sgd-dense-jit": (False, lambda p: torch.optim.SGD(p, lr=0.01)),  # the eager step: no jit peer
}

out = {"torch": torch.__version__}
for name in sys.argv[3].split(","):
    sparse, make = VARIANTS[name]
    bag = torch.nn.EmbeddingBag(V, D, mode="sum", sparse=sparse)
    opt = make(list(bag.parameters()))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = (bag(ids, offsets) * cot).sum()
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out[name] = times[len(times) // 2]
    del bag, opt
print(json.dumps(out))
