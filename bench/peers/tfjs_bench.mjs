#!/usr/bin/env node
// TensorFlow.js peer for the Tessera embedding benchmark (pure-JS packages only:
// @tensorflow/tfjs with its cpu backend, @tensorflow/tfjs-backend-wasm; tfjs-node
// needs a native download and is not used).
//
//   node bench/peers/tfjs_bench.mjs --workload NAME [--variant V] --backend wasm|cpu [--min-time 1.0] [--max-time 5]
//   node bench/peers/tfjs_bench.mjs --all --backend wasm|cpu
//   node bench/peers/tfjs_bench.mjs --list
//
// A bag is tf.gather(W, idx[B*L]).reshape([B, L, D]).sum(1) (mean(1) / max(1));
// a lookup is tf.gather(W, idx[64, 512]). The timed call runs the op inside
// tf.tidy and reads the result with dataSync() (so it is in a JS typed array, as
// with onnxruntime-node), then disposes it. tfjs is slow: every workload is capped
// at --max-time seconds (default 5) including warm-up, at least 1 sample.
//
// Training: tfjs has no sparse gradients, and the gradient of gather goes through
// UnsortedSegmentSum, which the wasm backend does not register and the cpu backend
// implements as one masked pass over all nnz rows per table row (O(V * nnz * D)).
// Those workloads print {"skipped": reason}. --force-train runs the dense variants
// anyway where the kernel exists (only sensible with a small table, --workloads FILE).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  emit,
  HERE,
  indexShape,
  indices,
  jobsFrom,
  loadWorkloads,
  measure,
  normalTable,
  parseArgs,
  result,
  runJobs,
  timedSync,
  variantsOf,
} from "./common.mjs";

const require = createRequire(join(HERE, "package.json"));
const TINY_CALLS_PER_SAMPLE = 200;

function pkgVersion(name) {
  try {
    return JSON.parse(
      readFileSync(join(HERE, "node_modules", name, "package.json"), "utf8"),
    ).version;
  } catch {
    return null;
  }
}

function trainSkipReason(tf, backend, w, variant, force) {
  if (variant.endsWith("sparse") || w.kind === "sparse-grad") {
    return "tfjs has no sparse gradients (the gradient of gather is a dense [V, D] tensor)";
  }
  if (!tf.getKernel("UnsortedSegmentSum", backend)) {
    return `gradient of gather needs the UnsortedSegmentSum kernel, not registered on the ${backend} backend`;
  }
  if (backend === "cpu" && !force) {
    return "gradient of gather uses UnsortedSegmentSum, which the cpu backend runs as one masked pass over all " +
      `nnz rows per table row: O(V*nnz*D) = ${
        (w.V * w.B * w.L * w.D).toExponential(1)
      } multiply-adds ` +
      "(measured here: 120 s for one forward+backward with V = 100 at the full nnz = 131,072, i.e. ~1.2 s " +
      "per table row, so ~2 weeks for V = 1e6; --force-train runs it anyway)";
  }
  return null;
}

async function runOne(tf, backend, w, variant, opts) {
  const base = {
    peer: `tfjs-${backend}`,
    version: tf.version_core ?? pkgVersion("@tensorflow/tfjs"),
    workload: w.name,
    variant,
    threads: opts.threads,
  };
  const valid = variantsOf(w);
  if (!valid.includes(variant)) {
    return { ...base, error: `variant ${variant} not in ${valid}` };
  }
  const isTrain = w.kind === "train" || w.kind === "sparse-grad";
  if (isTrain) {
    const why = trainSkipReason(tf, backend, w, variant, opts.forceTrain);
    if (why) return { ...base, skipped: why };
  }

  const W = tf.tensor2d(normalTable(w), [w.V, w.D], "float32");
  const idxData = indices(w);
  const shape = indexShape(w);
  const idx = w.kind === "lookup"
    ? tf.tensor(idxData, shape, "int32")
    : tf.tensor1d(idxData, "int32");
  const toFree = [W, idx];
  try {
    let compute;
    let extra = {};
    if (w.kind === "lookup") {
      compute = () => tf.gather(W, idx);
    } else if (w.kind === "bag") {
      const pool = {
        sum: (x) => x.sum(1),
        mean: (x) => x.mean(1),
        max: (x) => x.max(1),
      }[variant];
      compute = () => pool(tf.gather(W, idx).reshape([w.B, w.L, w.D]));
    } else if (w.kind === "train") {
      // Dense variants only (sparse ones were skipped above).
      const Wv = tf.variable(W, true);
      const G = tf.ones([w.B, w.D]);
      const opt = tf.train.sgd(w.lr);
      toFree.push(Wv, G, opt);
      const loss = () => tf.gather(Wv, idx).reshape([w.B, w.L, w.D]).sum(1).mul(G).sum();
      const step = variant.startsWith("step");
      // cpu and wasm kernels run eagerly and synchronously: when variableGrads /
      // applyGradients return, the gradient / update has been computed.
      compute = () => {
        const { grads } = tf.variableGrads(loss, [Wv]);
        if (step) opt.applyGradients(grads);
        tf.dispose(grads);
        return null;
      };
      extra = { lr: w.lr, sparse_grad: false, optimizer_step: step };
    } else {
      return {
        ...base,
        skipped: `workload kind ${w.kind} not supported by tfjs`,
      };
    }
    const once = () => {
      const out = tf.tidy(compute);
      if (out) {
        out.dataSync();
        out.dispose();
      }
    };
    let sample;
    if (w.name === "tiny") {
      sample = () => {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < TINY_CALLS_PER_SAMPLE; i++) once();
        return Number(process.hrtime.bigint() - t0) / TINY_CALLS_PER_SAMPLE;
      };
      extra.calls_per_sample = TINY_CALLS_PER_SAMPLE;
    } else {
      sample = timedSync(once);
    }
    const xs = await measure(sample, {
      minTimeS: opts.minTime,
      maxTimeS: opts.maxTime,
      minSamples: 3,
      warmupMin: 1,
      warmupS: 0.1,
    });
    return {
      ...result(base, w, xs, { gbps: !isTrain }),
      ...extra,
      max_time_s: opts.maxTime,
    };
  } finally {
    tf.dispose(toFree);
  }
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ["all", "list", "force-train"]);
  } catch (e) {
    emit({ peer: "tfjs", error: String(e.message) });
    return 2;
  }
  const backend = args.backend ?? "wasm";
  const PEER = `tfjs-${backend}`;
  if (!["wasm", "cpu"].includes(backend)) {
    emit({ peer: PEER, error: `unknown backend ${backend} (wasm|cpu)` });
    return 2;
  }
  const spec = loadWorkloads(args.workloads);
  if (args.list) {
    for (const w of spec.workloads) {
      const fwd = w.kind === "bag" || w.kind === "lookup";
      emit({
        peer: PEER,
        workload: w.name,
        variants: variantsOf(w),
        ...(fwd ? {} : {
          note: "training: skipped (see --workload output for the reason)",
        }),
      });
    }
    return 0;
  }
  let tf;
  try {
    tf = require("@tensorflow/tfjs");
    if (backend === "wasm") require("@tensorflow/tfjs-backend-wasm");
  } catch (e) {
    const pkg = backend === "wasm"
      ? "@tensorflow/tfjs, @tensorflow/tfjs-backend-wasm"
      : "@tensorflow/tfjs";
    emit({
      peer: PEER,
      skipped: `not installed: ${pkg} (${e.code ?? e.message}); run bash bench/peers/install.sh`,
    });
    return 0;
  }
  try {
    tf.enableProdMode();
    if (!(await tf.setBackend(backend))) {
      throw new Error(`setBackend(${backend}) returned false`);
    }
    await tf.ready();
  } catch (e) {
    emit({
      peer: PEER,
      skipped: `backend ${backend} failed to initialise: ${e.message ?? e}`,
    });
    return 0;
  }
  let threads = 1;
  if (backend === "wasm") {
    try {
      threads = require("@tensorflow/tfjs-backend-wasm").getThreadsCount();
    } catch { /* older versions: single-threaded */ }
  }
  const opts = {
    threads,
    minTime: Number(args["min-time"] ?? 1.0),
    maxTime: Number(args["max-time"] ?? 5),
    forceTrain: !!args["force-train"],
  };
  return await runJobs(
    PEER,
    jobsFrom(args, spec),
    threads,
    (w, v) => runOne(tf, backend, w, v, opts),
  );
}

process.exitCode = await main();
