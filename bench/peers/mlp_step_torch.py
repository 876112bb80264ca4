"""PyTorch 1.13 side of `deno task bench:mlp`: the mlp-step workload
(EmbeddingBag(100000, 64, mean, sparse) -> Linear(64, 256) -> ReLU ->
Linear(256, 10) -> cross_entropy, 512 bags x 20 ids, forward + backward),
median ms per step with `threads` threads (argv[2]; OpenBLAS's and OpenMP's pools are
limited too, before torch loads: set_num_threads alone leaves OpenBLAS's own pool at
full size). Prints one JSON line.

With argv[1] "serve" (`deno task bench:mlp:paired`), it stays up after the warm-up: each
line "N W" read from stdin runs W untimed steps, then N timed ones, and answers one JSON line of
their times in ms, so that the driver can alternate blocks of PyTorch's steps with Tessera's."""
import json, os, sys, time
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(threads)
import torch
import torch.nn as nn
import torch.nn.functional as F

V, D, H, C, B, L = 100000, 64, 256, 10, 512, 20
serve = len(sys.argv) > 1 and sys.argv[1] == "serve"
reps = 30 if serve or len(sys.argv) < 2 else int(sys.argv[1])
torch.manual_seed(0)
model = nn.Sequential(nn.EmbeddingBag(V, D, mode="mean", sparse=True), nn.Linear(D, H), nn.ReLU(), nn.Linear(H, C))
ids = torch.randint(0, V, (B * L,))
offsets = torch.arange(0, B * L, L)
y = torch.randint(0, C, (B,))

def step():
    model.zero_grad(set_to_none=True)
    h = model[0](ids, offsets)
    loss = F.cross_entropy(model[3](model[2](model[1](h))), y)
    loss.backward()
    return loss

torch.set_num_threads(threads)
for _ in range(60):
    step()

def timed(n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    return times

if serve:
    print(json.dumps({"torch": torch.__version__, "threads": threads}), flush=True)
    for line in sys.stdin:
        n, warm = (int(x) for x in line.split())
        timed(warm)
        print(json.dumps({"ms": timed(n)}), flush=True)
    sys.exit(0)
times = sorted(timed(reps))
print(json.dumps({"torch": torch.__version__, "threads": threads, "ms": times[len(times) // 2], "best": times[0]}))
