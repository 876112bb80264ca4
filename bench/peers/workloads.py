"""Shared helpers for the Python peer scripts: workloads.json and xorshift32 indices."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS_PATH = os.path.join(HERE, "..", "workloads.json")
MODELS_DIR = os.path.join(HERE, "models")


def load_workloads(path=WORKLOADS_PATH):
    with open(path) as f:
        return json.load(f)


def workload_by_name(name, spec=None):
    spec = spec or load_workloads()
    for w in spec["workloads"]:
        if w["name"] == name:
            return w
    raise KeyError(name)


def xorshift32(seed, n, V):
    """n indices in [0, V): x ^= x<<13; x ^= x>>>17; x ^= x<<5 (uint32); index = x % V."""
    x = seed & 0xFFFFFFFF
    if x == 0:
        raise ValueError("xorshift32 seed must be nonzero")
    out = [0] * n
    for i in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x % V
    return out


def index_shape(w):
    """Shape of the index tensor: [B, L] for bags, w['shape'] for lookups."""
    if "shape" in w:
        return list(w["shape"])
    return [w["B"], w["L"]]


def indices_list(w):
    """Row-major flat list of the workload's indices."""
    if w.get("indices") is not None:
        return [i for row in w["indices"] for i in row]
    shape = index_shape(w)
    n = 1
    for s in shape:
        n *= s
    return xorshift32(w["seed"], n, w["V"])


def model_path(workload, mode):
    return os.path.join(MODELS_DIR, f"{workload}.{mode}.onnx")
