#!/usr/bin/env node
// onnxruntime-node peer for the Tessera embedding benchmark.
//
//   node bench/peers/ort_bench.mjs --workload NAME [--variant sum|mean|max|lookup] [--threads N] [--min-time 1.0]
//   node bench/peers/ort_bench.mjs --all [--threads N]
//   node bench/peers/ort_bench.mjs --list
//
// Models come from bench/peers/models/ (export_onnx.py; exported on demand with
// /usr/bin/python3 if missing). The table is an initializer inside the model, so it
// lives in the session; the timed call is `await session.run({indices})` with the
// int64 index tensor built beforehand, including the copy of the output to JS.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  emit,
  HERE,
  indexShape,
  indices,
  jobsFrom,
  loadWorkloads,
  measure,
  MODELS_DIR,
  parseArgs,
  result,
  runJobs,
  timed,
  variantsOf,
} from "./common.mjs";

const PEER = "onnxruntime-node";
const TINY_CALLS_PER_SAMPLE = 200;
const PYTHON = process.env.TORCH_PYTHON ?? "/usr/bin/python3";

function modelPath(w, mode) {
  return join(MODELS_DIR, `${w.name}.${mode}.onnx`);
}

function ensureModel(w, mode) {
  const p = modelPath(w, mode);
  if (existsSync(p)) return null;
  const r = spawnSync(PYTHON, [
    join(HERE, "export_onnx.py"),
    "--workload",
    w.name,
  ], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (existsSync(p)) return null;
  const why = (r.error?.message ?? r.stdout + r.stderr).trim().split("\n").slice(-1)[0];
  return `model not exported: ${p} (run ${PYTHON} bench/peers/export_onnx.py: ${why})`;
}

async function runOne(ort, w, variant, threads, minTime) {
  const base = {
    peer: PEER,
    version: ortVersion,
    workload: w.name,
    variant,
    threads,
  };
  if (w.kind === "train" || w.kind === "sparse-grad") {
    return {
      ...base,
      skipped:
        "onnxruntime-node is inference-only (no training API / gradient ops in the npm package)",
    };
  }
  if (!w.modes.includes(variant)) {
    return { ...base, error: `variant ${variant} not in ${w.modes}` };
  }
  const missing = ensureModel(w, variant);
  if (missing) return { ...base, skipped: missing };

  const session = await ort.InferenceSession.create(modelPath(w, variant), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  const idx = indices(w);
  const big = new BigInt64Array(idx.length);
  for (let i = 0; i < idx.length; i++) big[i] = BigInt(idx[i]);
  const feeds = {
    [session.inputNames[0]]: new ort.Tensor("int64", big, indexShape(w)),
  };
  const outName = session.outputNames[0];

  let sample;
  const extra = {};
  if (w.name === "tiny") {
    sample = async () => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < TINY_CALLS_PER_SAMPLE; i++) await session.run(feeds);
      return Number(process.hrtime.bigint() - t0) / TINY_CALLS_PER_SAMPLE;
    };
    extra.calls_per_sample = TINY_CALLS_PER_SAMPLE;
  } else {
    sample = timed(async () => {
      const r = await session.run(feeds);
      if (r[outName].data.length === 0) throw new Error("empty output");
    });
  }
  const xs = await measure(sample, { minTimeS: minTime });
  await session.release?.();
  return { ...result(base, w, xs), ...extra };
}

let ortVersion = null;

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ["all", "list"]);
  } catch (e) {
    emit({ peer: PEER, error: String(e.message) });
    return 2;
  }
  const spec = loadWorkloads();
  if (args.list) {
    for (const w of spec.workloads) {
      const supported = w.kind === "bag" || w.kind === "lookup";
      emit({
        peer: PEER,
        workload: w.name,
        variants: supported ? variantsOf(w) : [],
        ...(supported ? {} : { skipped: "inference only" }),
      });
    }
    return 0;
  }
  let ort;
  try {
    ort = (await import("onnxruntime-node")).default;
    ortVersion = JSON.parse(
      (await import("node:fs")).readFileSync(
        join(HERE, "node_modules/onnxruntime-node/package.json"),
        "utf8",
      ),
    ).version;
  } catch (e) {
    emit({
      peer: PEER,
      skipped: `not installed: onnxruntime-node (${
        e.code ?? e.message
      }); run bash bench/peers/install.sh`,
    });
    return 0;
  }
  const threads = Number(args.threads ?? 1);
  const minTime = Number(args["min-time"] ?? 1.0);
  return await runJobs(
    PEER,
    jobsFrom(args, spec),
    threads,
    (w, v) => runOne(ort, w, v, threads, minTime),
  );
}

process.exitCode = await main();
