"""PyTorch 1.13 peer of bench/matmul.ts: reads {"shapes": [{"M", "N", "K",
"transA", "transB"}], "threads": [1], "seconds": 0.2, "samples": 7} as JSON
on stdin (run it with OPENBLAS_NUM_THREADS and OMP_NUM_THREADS set to the
thread count: torch.mm runs in OpenBLAS's own thread pool, which
torch.set_num_threads does not limit); for each thread count and shape, times torch.mm(op(A), op(B),
out=C) in float32 (A stored [M, K], or [K, M] when transA; B stored [K, N],
or [N, K] when transB) and prints one JSON line: the version and, per thread
count, the median seconds of one product for each shape, in wall time and in
the calling thread's CPU time (time.thread_time: with one thread, the time
not spent descheduled on a busy machine)."""

import json
import sys
import time

import torch

job = json.load(sys.stdin)
torch.manual_seed(0)
result = {"version": torch.__version__, "threads": {}}
for threads in job["threads"]:
    torch.set_num_threads(threads)
    medians = []
    for s in job["shapes"]:
        m, n, k = s["M"], s["N"], s["K"]
        a = torch.rand(k, m) if s["transA"] else torch.rand(m, k)
        b = torch.rand(n, k) if s["transB"] else torch.rand(k, n)
        a_op = a.t() if s["transA"] else a
        b_op = b.t() if s["transB"] else b
        c = torch.empty(m, n)
        reps = 1
        while True:
            start = time.perf_counter()
            for _ in range(reps):
                torch.mm(a_op, b_op, out=c)
            if time.perf_counter() - start > job["seconds"] / 4:
                break
            reps *= 2
        walls, cpus = [], []
        for _ in range(job["samples"]):
            start, cpu = time.perf_counter(), time.thread_time()
            for _ in range(reps):
                torch.mm(a_op, b_op, out=c)
            walls.append((time.perf_counter() - start) / reps)
            cpus.append((time.thread_time() - cpu) / reps)
        medians.append({"wall": sorted(walls)[len(walls) // 2], "cpu": sorted(cpus)[len(cpus) // 2]})
    result["threads"][str(threads)] = medians
print(json.dumps(result))
