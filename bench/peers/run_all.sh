#!/usr/bin/env bash
# Run every workload for every installed peer, one JSON line each, sequentially
# (never in parallel: the machine has 2 cores).
#   bash bench/peers/run_all.sh [OUT.jsonl]      (default: stdout only)
# Peers that are not installed print a {"skipped": ...} line.
set -u
cd "$(dirname "$0")"
PY=${TORCH_PYTHON:-/usr/bin/python3}
OUT=${1:-/dev/null}
run() { echo "+ $*" >&2; "$@" | tee -a "$OUT"; }
for t in 1 2; do run "$PY" torch_bench.py --all --threads "$t"; done
for t in 1 2; do run node ort_bench.mjs --all --threads "$t"; done
for b in wasm cpu; do run node tfjs_bench.mjs --all --backend "$b"; done
exit 0
