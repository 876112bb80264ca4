#!/usr/bin/env python3
"""PyTorch peer for the Tessera embedding benchmark.

    /usr/bin/python3 bench/peers/torch_bench.py --workload NAME [--variant V | --mode M]
                                                [--threads N] [--min-time 1.0]
    /usr/bin/python3 bench/peers/torch_bench.py --all [--threads N]
    /usr/bin/python3 bench/peers/torch_bench.py --list

Prints one JSON line per measurement (see bench/peers/README.md for the contract).
Workloads and indices come from bench/workloads.json (xorshift32, shared with the
TypeScript side). Use /usr/bin/python3: the python3 first on PATH has no torch.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import index_shape, indices_list, load_workloads  # noqa: E402

PEER = "pytorch"
TINY_CALLS_PER_SAMPLE = 1000


def emit(obj):
    print(json.dumps(obj), flush=True)


def variants_of(w):
    if w["kind"] == "train":
        return [v["name"] for v in w["variants"]]
    return list(w["modes"])


def default_variant(w):
    return w.get("defaultVariant") or w.get("defaultMode") or variants_of(w)[0]


def percentile(sorted_xs, p):
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_xs:
        return None
    pos = p * (len(sorted_xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_xs) - 1)
    return sorted_xs[lo] + (sorted_xs[hi] - sorted_xs[lo]) * (pos - lo)


def measure(sample, min_time_s, min_samples=5, max_samples=100000, warmup_s=0.25, warmup_min=2):
    """sample() runs one timed unit and returns its duration in ns.

    Warm-up: at least `warmup_min` calls and `warmup_s` seconds (at most 20 calls
    if calls are slow). Then samples until `min_time_s` of wall time has passed and
    at least `min_samples` were taken.
    """
    t_end = time.perf_counter_ns() + int(warmup_s * 1e9)
    n = 0
    while n < warmup_min or (time.perf_counter_ns() < t_end and n < 20):
        sample()
        n += 1
    xs = []
    t_end = time.perf_counter_ns() + int(min_time_s * 1e9)
    while (len(xs) < min_samples or time.perf_counter_ns() < t_end) and len(xs) < max_samples:
        xs.append(sample())
    xs.sort()
    return xs


def timed(fn):
    pc = time.perf_counter_ns

    def sample():
        t0 = pc()
        fn()
        return pc() - t0

    return sample


def bytes_read_written(w):
    nnz = 1
    for s in index_shape(w):
        nnz *= s
    b = nnz if w["kind"] == "lookup" else w["B"]
    return nnz * w["D"] * 4 + b * w["D"] * 4


def run_one(torch, w, variant, threads, min_time):
    import torch.nn.functional as F

    torch.manual_seed(w["tableSeed"])
    W = torch.randn(w["V"], w["D"], dtype=torch.float32)
    idx = torch.tensor(indices_list(w), dtype=torch.int64).reshape(index_shape(w))
    kind = w["kind"]
    if kind != "lookup":
        # Bags go in EmbeddingBag's native format: flat indices + offsets (built
        # outside the timed region). For fixed-length bags a [B, L] input gives the
        # same result but costs ~5 us more per call (it builds offsets each call).
        flat = idx.reshape(-1).contiguous()
        offsets = torch.arange(0, w["B"] * w["L"], w["L"], dtype=torch.int64)
    extra = {}
    gbps_applies = kind in ("bag", "lookup")

    if kind == "bag":
        if variant not in w["modes"]:
            raise ValueError(f"mode {variant!r} not in {w['modes']}")

        # W does not require grad, so no autograd graph is built (no no_grad()
        # context needed: entering one per call would add ~2 us).
        def fn():
            F.embedding_bag(flat, W, offsets, mode=variant)

        sample = timed(fn)
    elif kind == "lookup":
        def fn():
            F.embedding(idx, W)

        if w["name"] == "tiny":
            def sample():
                pc = time.perf_counter_ns
                t0 = pc()
                for _ in range(TINY_CALLS_PER_SAMPLE):
                    F.embedding(idx, W)
                return (pc() - t0) / TINY_CALLS_PER_SAMPLE
            extra["calls_per_sample"] = TINY_CALLS_PER_SAMPLE
        else:
            sample = timed(fn)
    elif kind == "train":
        names = variants_of(w)
        if variant not in names:
            raise ValueError(f"variant {variant!r} not in {names}")
        sparse = variant.endswith("sparse")
        step = variant.startswith("step")
        emb = torch.nn.EmbeddingBag(w["V"], w["D"], mode=w["defaultMode"], sparse=sparse, _weight=W)
        G = torch.ones(w["B"], w["D"], dtype=torch.float32)
        opt = torch.optim.SGD(emb.parameters(), lr=w["lr"])

        def fn():
            opt.zero_grad(set_to_none=True)
            out = emb(flat, offsets)
            out.backward(G)
            if step:
                opt.step()
        sample = timed(fn)
        extra["lr"] = w["lr"]
        extra["sparse_grad"] = sparse
        extra["optimizer_step"] = step
    elif kind == "sparse-grad":
        if variant not in w["modes"]:
            raise ValueError(f"mode {variant!r} not in {w['modes']}")
        emb = torch.nn.EmbeddingBag(w["V"], w["D"], mode=variant, sparse=True, _weight=W)
        G = torch.ones(w["B"], w["D"], dtype=torch.float32)
        pc = time.perf_counter_ns

        def sample():
            emb.weight.grad = None
            out = emb(flat, offsets)  # forward: not timed
            t0 = pc()
            out.backward(G)
            return pc() - t0
        extra["timed"] = "out.backward(G) only"
    else:
        raise ValueError(f"unknown workload kind {kind!r}")

    xs = measure(sample, min_time)
    med = percentile(xs, 0.5)
    res = {
        "peer": PEER,
        "version": torch.__version__,
        "workload": w["name"],
        "variant": variant,
        "threads": torch.get_num_threads(),
        "median_ms": med / 1e6,
        "p25_ms": percentile(xs, 0.25) / 1e6,
        "p75_ms": percentile(xs, 0.75) / 1e6,
        "samples": len(xs),
        "gbps": (bytes_read_written(w) / (med / 1e9) / 1e9) if gbps_applies else None,
    }
    if w["name"] == "tiny":
        res["median_us"] = med / 1e3
    res.update(extra)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workload", help="workload name from bench/workloads.json")
    ap.add_argument("--variant", help="mode (sum/mean/max/lookup) or train-step variant")
    ap.add_argument("--mode", help="alias of --variant")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--min-time", type=float, default=1.0, help="seconds of timed samples (after warm-up)")
    ap.add_argument("--all", action="store_true", help="every workload and variant, one line each")
    ap.add_argument("--list", action="store_true", help="print supported workloads and variants")
    args = ap.parse_args()

    spec = load_workloads()
    if args.list:
        for w in spec["workloads"]:
            emit({"peer": PEER, "workload": w["name"], "variants": variants_of(w), "default": default_variant(w)})
        return 0

    try:
        import torch
    except Exception as e:  # noqa: BLE001
        emit({"peer": PEER, "skipped": f"not installed: torch ({type(e).__name__}: {e}); "
              f"interpreter {sys.executable}, try /usr/bin/python3 (apt-get install python3-torch)"})
        return 0

    torch.set_num_threads(args.threads)

    jobs = []
    if args.all:
        for w in spec["workloads"]:
            for v in variants_of(w):
                jobs.append((w, v))
    elif args.workload:
        ws = [w for w in spec["workloads"] if w["name"] == args.workload]
        if not ws:
            emit({"peer": PEER, "workload": args.workload, "error": "unknown workload"})
            return 2
        w = ws[0]
        jobs.append((w, args.variant or args.mode or default_variant(w)))
    else:
        ap.error("one of --workload, --all, --list is required")

    failed = 0
    for w, v in jobs:
        try:
            emit(run_one(torch, w, v, args.threads, args.min_time))
        except Exception as e:  # noqa: BLE001
            failed += 1
            emit({"peer": PEER, "workload": w["name"], "variant": v, "threads": args.threads,
                  "error": f"{type(e).__name__}: {e}"})
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
