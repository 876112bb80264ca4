/**
 * The benchmark workloads of bench/workloads.json, built for Tessera: the
 * same xorshift32 indices as the peers, seeded tables, and one function per
 * workload variant that runs a call and waits for its result. Calls are
 * written as users write them: results are dropped, never disposed.
 */

import workloadsFile from "./workloads.json" with { type: "json" };
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  jit,
  randn,
  realize,
  type Tensor,
  tensor,
} from "../mod.ts";

/** One workload from workloads.json. */
export interface Workload {
  name: string;
  kind: "bag" | "lookup" | "train" | "sparse-grad";
  V: number;
  D: number;
  B?: number;
  L?: number;
  shape?: number[];
  indices?: number[][];
  modes: string[];
  seed: number | null;
  tableSeed: number;
  variants?: { name: string }[];
}

/** All workloads. */
export const WORKLOADS = workloadsFile.workloads as unknown as Workload[];

/** The same stream as the peers: xorshift32, `index = next() % V`. */
export function xorshiftIndices(seed: number, n: number, V: number): Int32Array {
  let x = seed >>> 0;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x % V;
  }
  return out;
}

/** Shape of the workload's index tensor. */
export function indexShape(w: Workload): number[] {
  return w.shape ?? [w.B!, w.L!];
}

/** Bytes a forward call moves: rows read plus output written. */
export function bytesMoved(w: Workload): number {
  const nnz = indexShape(w).reduce((a, b) => a * b, 1);
  const rows = w.kind === "lookup" ? nnz : w.B!;
  return (nnz + rows) * w.D * 4;
}

const tables = new Map<string, Tensor<"float32">>();

/** The workload's table (shared between workloads with the same size and seed). */
function tableFor(w: Workload): Tensor<"float32"> {
  const key = `${w.V}x${w.D}@${w.tableSeed}`;
  let t = tables.get(key);
  if (t === undefined) tables.set(key, t = randn([w.V, w.D], { seed: w.tableSeed }));
  return t;
}

/** A runnable variant of a workload. */
export interface Case {
  readonly workload: Workload;
  readonly variant: string;
  /** Tessera API used, for the report. */
  readonly api: string;
  /** Runs `calls` calls to completion. */
  readonly run: () => Promise<void>;
  /** Calls per `run` (per-call overhead workloads batch them, as the peers do). */
  readonly calls: number;
}

/** Calls per timed sample for per-call-overhead workloads (the peers use 1000 too). */
const TINY_CALLS = 1000;

/** The variants Tessera runs for a workload (training steps wait for optimizers). */
export function casesFor(w: Workload): Case[] {
  const ids = w.indices
    ? Int32Array.from(w.indices.flat())
    : xorshiftIndices(w.seed!, indexShape(w).reduce((a, b) => a * b, 1), w.V);
  const idx = tensor(ids, { shape: indexShape(w) });
  const table = tableFor(w);
  const calls = w.name === "tiny" ? TINY_CALLS : 1;
  const make = (variant: string, api: string, once: () => Promise<void>): Case => ({
    workload: w,
    variant,
    api,
    calls,
    run: calls === 1 ? once : async () => {
      for (let i = 0; i < calls; i++) await once();
    },
  });
  if (w.kind === "bag") {
    return w.modes.map((mode) =>
      make(mode, "embeddingBagForward", async () => {
        await embeddingBagForward(table, idx, { mode: mode as "sum" }).data();
      })
    );
  }
  if (w.kind === "lookup") {
    const cases = [make("lookup", "embeddingForward", async () => {
      await embeddingForward(table, idx).data();
    })];
    if (w.name === "tiny") {
      const lookup = jit((t: Tensor<"float32">, i: Tensor<"int32">) => embeddingForward(t, i));
      cases.push(
        make("lookup", "jit(embeddingForward)", async () => void await lookup(table, idx)),
      );
      const nested = w.indices!;
      cases.push(make("lookup", "embeddingForward (nested-array ids)", async () => {
        await embeddingForward(table, nested).data();
      }));
    }
    return cases;
  }
  const G = tensor(new Float32Array(w.B! * w.D).fill(1), { shape: [w.B!, w.D] });
  const grad = (sparse: boolean, coalesce = false) => async () => {
    if (!sparse) {
      await embeddingBagGrad(G, table, idx, { mode: "sum" }).weight.data();
      return;
    }
    await realize(embeddingBagGrad(G, table, idx, { mode: "sum", sparse: true, coalesce }).weight);
  };
  if (w.kind === "sparse-grad") {
    return [
      make("sum", "embeddingBagGrad sparse (PyTorch's layout)", grad(true)),
      make("sum", "embeddingBagGrad sparse, coalesced", grad(true, true)),
    ];
  }
  // train-step: forward and backward only; the optimizer step comes with the training issue.
  const fwdBwd = (sparse: boolean) => async () => {
    await embeddingBagForward(table, idx, { mode: "sum" }).data();
    await grad(sparse)();
  };
  return [
    make("fwd-bwd-dense", "forward + embeddingBagGrad", fwdBwd(false)),
    make("fwd-bwd-sparse", "forward + embeddingBagGrad sparse", fwdBwd(true)),
  ];
}
