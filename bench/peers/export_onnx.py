#!/usr/bin/env python3
"""Export the ONNX models used by ort_bench.mjs (into bench/peers/models/, gitignored).

    /usr/bin/python3 bench/peers/export_onnx.py [--force] [--workload NAME]

One model per (workload, mode). The table is an initializer (it lives in the
session, as it would in deployment); the only input is "indices" (int64, fixed
shape). Bags are fixed-length, so a bag is W[idx].sum(1) / .mean(1) / .amax(1)
-> ONNX Gather + ReduceSum / ReduceMean / ReduceMax; a lookup is F.embedding
-> Gather. Table values: torch.manual_seed(tableSeed); torch.randn(V, D), the
same as torch_bench.py. Needs only torch (torch.onnx.export does not need the
`onnx` python package).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import MODELS_DIR, index_shape, load_workloads, model_path  # noqa: E402

# Which (workload, mode) pairs get a model. Training workloads have no ONNX peer.
FORWARD_KINDS = ("bag", "lookup")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--force", action="store_true", help="re-export existing models")
    ap.add_argument("--workload", help="only this workload")
    ap.add_argument("--opset", type=int, default=13)
    args = ap.parse_args()
    try:
        import torch
        import torch.nn.functional as F
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"peer": "onnx-export", "skipped": f"not installed: torch ({e}); use /usr/bin/python3"}))
        return 0

    class Bag(torch.nn.Module):
        def __init__(self, W, mode):
            super().__init__()
            self.W = torch.nn.Parameter(W, requires_grad=False)
            self.mode = mode

        def forward(self, idx):
            rows = self.W[idx]  # Gather -> [B, L, D]
            if self.mode == "sum":
                return rows.sum(1)
            if self.mode == "mean":
                return rows.mean(1)
            if self.mode == "max":
                return rows.amax(1)
            raise ValueError(self.mode)

    class Lookup(torch.nn.Module):
        def __init__(self, W):
            super().__init__()
            self.W = torch.nn.Parameter(W, requires_grad=False)

        def forward(self, idx):
            return F.embedding(idx, self.W)

    os.makedirs(MODELS_DIR, exist_ok=True)
    spec = load_workloads()
    manifest = {"torch": torch.__version__, "opset": args.opset, "models": []}
    for w in spec["workloads"]:
        if w["kind"] not in FORWARD_KINDS or (args.workload and w["name"] != args.workload):
            continue
        for mode in w["modes"]:
            path = model_path(w["name"], mode)
            manifest["models"].append({"workload": w["name"], "mode": mode, "file": os.path.basename(path)})
            if os.path.exists(path) and not args.force:
                print(f"[export] exists: {path}")
                continue
            torch.manual_seed(w["tableSeed"])
            W = torch.randn(w["V"], w["D"], dtype=torch.float32)
            m = Lookup(W) if w["kind"] == "lookup" else Bag(W, mode)
            idx = torch.zeros(index_shape(w), dtype=torch.int64)
            tmp = path + ".tmp"
            with torch.no_grad():
                torch.onnx.export(m, (idx,), tmp, input_names=["indices"], output_names=["out"],
                                  opset_version=args.opset, do_constant_folding=True)
            os.replace(tmp, path)
            print(f"[export] wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)")
    with open(os.path.join(MODELS_DIR, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
