// Shared helpers for the Node peer scripts (ort_bench.mjs, tfjs_bench.mjs):
// workloads.json, xorshift32 indices, seeded table values, timing and the JSON line.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const WORKLOADS_PATH = join(HERE, "..", "workloads.json");
export const MODELS_DIR = join(HERE, "models");

export function loadWorkloads(path = WORKLOADS_PATH) {
  return JSON.parse(readFileSync(path, "utf8"));
}

export function variantsOf(w) {
  return w.kind === "train" ? w.variants.map((v) => v.name) : [...w.modes];
}

export function defaultVariant(w) {
  return w.defaultVariant ?? w.defaultMode ?? variantsOf(w)[0];
}

/** xorshift32 stream: state = seed (uint32, nonzero); x ^= x<<13; x ^= x>>>17; x ^= x<<5. */
export function xorshift32(seed) {
  let x = seed >>> 0;
  if (x === 0) throw new Error("xorshift32 seed must be nonzero");
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function indexShape(w) {
  return w.shape ? [...w.shape] : [w.B, w.L];
}

/** Row-major flat indices as Int32Array (V < 2^31 for every workload). */
export function indices(w) {
  if (w.indices) return Int32Array.from(w.indices.flat());
  const n = indexShape(w).reduce((a, b) => a * b, 1);
  const next = xorshift32(w.seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = next() % w.V;
  return out;
}

/** N(0,1) float32 table [V*D] from xorshift32(tableSeed) via Box-Muller. Not timed. */
export function normalTable(w) {
  const n = w.V * w.D;
  const out = new Float32Array(n);
  const next = xorshift32(w.tableSeed);
  const u = () => (next() + 1) / 4294967297; // (0, 1)
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

export function bytesReadWritten(w) {
  const nnz = indexShape(w).reduce((a, b) => a * b, 1);
  const b = w.kind === "lookup" ? nnz : w.B;
  return nnz * w.D * 4 + b * w.D * 4;
}

/** Linear interpolation between closest ranks (numpy's default), on a sorted array. */
export function percentile(xs, p) {
  if (xs.length === 0) return null;
  const pos = p * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

const nowNs = () => Number(process.hrtime.bigint());

/**
 * sample() (sync or async) runs one timed unit and returns its duration in ns.
 * Warm-up: >= warmupMin calls and warmupS seconds (at most 20 calls).
 * Samples until minTimeS passed and >= minSamples taken, but never past maxTimeS
 * (at least one sample is always taken).
 */
export async function measure(sample, {
  minTimeS = 1.0,
  minSamples = 5,
  maxSamples = 100000,
  maxTimeS = Infinity,
  warmupS = 0.25,
  warmupMin = 2,
} = {}) {
  const start = nowNs();
  let end = start + warmupS * 1e9;
  for (let n = 0; n < warmupMin || (nowNs() < end && n < 20); n++) {
    await sample();
    if (nowNs() - start > maxTimeS * 1e9 / 2) break;
  }
  const xs = [];
  const t0 = nowNs();
  end = t0 + minTimeS * 1e9;
  const hardEnd = start + maxTimeS * 1e9;
  while ((xs.length < minSamples || nowNs() < end) && xs.length < maxSamples) {
    xs.push(await sample());
    if (nowNs() >= hardEnd) break;
  }
  xs.sort((a, b) => a - b);
  return xs;
}

export function timed(fn) {
  return async () => {
    const t0 = nowNs();
    await fn();
    return nowNs() - t0;
  };
}

export function timedSync(fn) {
  return () => {
    const t0 = nowNs();
    fn();
    return nowNs() - t0;
  };
}

/** Result line from sorted ns samples. */
export function result(base, w, xs, { gbps = true } = {}) {
  const med = percentile(xs, 0.5);
  const out = {
    ...base,
    median_ms: med / 1e6,
    p25_ms: percentile(xs, 0.25) / 1e6,
    p75_ms: percentile(xs, 0.75) / 1e6,
    samples: xs.length,
    gbps: gbps ? bytesReadWritten(w) / (med / 1e9) / 1e9 : null,
  };
  if (w.name === "tiny") out.median_us = med / 1e3;
  return out;
}

export function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

/** Tiny argv parser: --key value, --flag. */
export function parseArgs(argv, flags = []) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (flags.includes(key)) out[key] = true;
    else {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      out[key] = argv[++i];
    }
  }
  return out;
}

/** Jobs from args: --all (every workload x variant), or --workload [--variant|--mode]. */
export function jobsFrom(args, spec) {
  if (args.all) {
    return spec.workloads.flatMap((w) => variantsOf(w).map((v) => [w, v]));
  }
  if (!args.workload) return null;
  const w = spec.workloads.find((x) => x.name === args.workload);
  if (!w) return [[{ name: args.workload, unknown: true }, null]];
  return [[w, args.variant ?? args.mode ?? defaultVariant(w)]];
}

/**
 * Runs every job (`[workload, variant]` pairs from `jobsFrom`) with `runOne`,
 * emitting one JSON line each; returns the process exit code (2: bad
 * arguments, 1: some measurement failed, 0: all done).
 */
export async function runJobs(peer, jobs, threads, runOne) {
  if (!jobs) {
    emit({ peer, error: "one of --workload, --all, --list is required" });
    return 2;
  }
  let failed = 0;
  for (const [w, v] of jobs) {
    if (w.unknown) {
      emit({ peer, workload: w.name, error: "unknown workload" });
      return 2;
    }
    try {
      const r = await runOne(w, v);
      if (r.error) failed++;
      emit(r);
    } catch (e) {
      failed++;
      emit({ peer, workload: w.name, variant: v, threads, error: String(e?.message ?? e) });
    }
  }
  return failed ? 1 : 0;
}
