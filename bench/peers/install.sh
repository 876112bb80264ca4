#!/usr/bin/env bash
# Install the benchmark peers into bench/peers/ (never into the project's own deps).
#   bash bench/peers/install.sh            # npm peers + ONNX models
#   bash bench/peers/install.sh --no-models
# Never fails the caller: whatever could not be installed is reported as skipped.
set -u
cd "$(dirname "$0")"
HERE="$(pwd)"
PY=${TORCH_PYTHON:-/usr/bin/python3}
want_models=1
for a in "$@"; do [ "$a" = "--no-models" ] && want_models=0; done

skipped=()

# --- npm peers (onnxruntime-node, tfjs, tfjs-backend-wasm) -----------------
# --ignore-scripts: onnxruntime-node's postinstall downloads GPU/CUDA files and
# fails offline; the CPU binary ships inside the npm package itself.
if command -v npm >/dev/null 2>&1; then
  echo "[install] npm install --ignore-scripts in $HERE"
  if ! npm install --ignore-scripts --no-audit --no-fund --loglevel=error; then
    echo "[install] npm install failed (offline?): trying packages one by one" >&2
    for p in onnxruntime-node @tensorflow/tfjs @tensorflow/tfjs-backend-wasm; do
      npm install --ignore-scripts --no-audit --no-fund --no-save --loglevel=error "$p" \
        || echo "[install] could not install $p" >&2
    done
  fi
else
  echo "[install] npm not found" >&2
fi
for p in onnxruntime-node @tensorflow/tfjs @tensorflow/tfjs-backend-wasm; do
  if [ -f "node_modules/$p/package.json" ]; then
    v=$(node -p "require('./node_modules/$p/package.json').version" 2>/dev/null || echo '?')
    echo "[install] ok: $p $v"
  else
    skipped+=("$p")
  fi
done

# --- PyTorch (Debian package) -------------------------------------------------
if "$PY" -c 'import torch' >/dev/null 2>&1; then
  echo "[install] ok: torch $("$PY" -c 'import torch; print(torch.__version__)') ($PY)"
else
  echo "[install] torch not importable with $PY; trying apt-get install python3-torch" >&2
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch) \
      || echo "[install] apt-get install python3-torch failed" >&2
  fi
  "$PY" -c 'import torch' >/dev/null 2>&1 || skipped+=("torch")
fi

# --- ONNX models for onnxruntime-node (generated, gitignored) -----------------
if [ "$want_models" = 1 ]; then
  if "$PY" -c 'import torch' >/dev/null 2>&1; then
    "$PY" export_onnx.py || { echo "[install] export_onnx.py failed" >&2; skipped+=("onnx-models"); }
  else
    skipped+=("onnx-models (needs torch)")
  fi
fi

if [ ${#skipped[@]} -gt 0 ]; then
  for s in "${skipped[@]}"; do echo "[install] SKIPPED: $s"; done
else
  echo "[install] all peers installed"
fi
exit 0
