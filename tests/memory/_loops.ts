/**
 * Loops that never yield to the event loop (no `await`, no `dispose()`),
 * written as PyTorch users write them, one per way a call can leave arena
 * memory behind: results, sibling results, tensors made from host data,
 * internal copies of JS arrays, intermediates, module calls, tiny results.
 * Shared by the Deno tests (`_reclaim_test.ts`) and the Bun runner
 * (`tests/bun/memory.ts`). Each call checks its values against a naive
 * reference.
 */

import * as mod from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";
import { setSpillAfter } from "../../src/memory/_reclaim.ts";

const { embeddingBagForward, embeddingForward, embeddingGrad, linear, randn, relu } = mod;
const KiB = 1024, MiB = 2 ** 20;
const [V, D] = [4096, 32];

/** One loop: its budget, its calls, and a setup that returns the checked call. */
export interface Loop {
  readonly name: string;
  /** Each budget's size for the loop (see `src/memory/_reclaim.ts`). */
  readonly budget: number;
  /** Arena bytes one call would leave behind without the heap (at least). */
  readonly perCall: number;
  readonly calls: number;
  setup(): (i: number) => void;
}

/** Table rows as float64, for the references. */
function rowsOf(t: mod.Tensor<"float32">): Float64Array {
  return Float64Array.from(t.dataSync());
}

/** `n` indices in `[0, V)`, a different permutation-like pattern for each `i`. */
const idsFor = (i: number, n: number) =>
  Int32Array.from({ length: n }, (_, j) => (j * 2053 + i * 17) % V);

function check(got: number, want: number, what: string): void {
  if (Math.abs(got - want) > 1e-4 * (1 + Math.abs(want))) {
    throw new Error(`${what}: got ${got}, want ${want}`);
  }
}

/** `relu?(x · wᵀ)[r, c]` in float64. */
function dot(x: ArrayLike<number>, w: ArrayLike<number>, r: number, c: number, k: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) s += x[r * k + j] * w[c * k + j];
  return s;
}

/** Checks row `r` of a lookup result against the table. */
function checkRow(out: ArrayLike<number>, W: Float64Array, ids: ArrayLike<number>, r: number) {
  for (let d = 0; d < D; d++) check(out[r * D + d], W[ids[r] * D + d], `row ${r}, dim ${d}`);
}

export const LOOPS: readonly Loop[] = [
  {
    name: "embeddingForward(W, tensor(ids)).dataSync()",
    budget: 2 * MiB,
    perCall: 2048 * D * 4 + 2048 * 4,
    calls: 160,
    setup() {
      const W = randn([V, D], { seed: 1 }), ref = rowsOf(W);
      return (i) => {
        const ids = idsFor(i, 2048);
        checkRow(embeddingForward(W, mod.tensor(ids)).dataSync(), ref, ids, i % 2048);
      };
    },
  },
  {
    name: "embeddingBagForward(W, ids array, { offsets: tensor(offsets) }).dataSync()",
    budget: 2 * MiB,
    perCall: 2048 * D * 4 + 8192 * 4 + 2048 * 4,
    calls: 160,
    setup() {
      const W = randn([V, D], { seed: 2 }), ref = rowsOf(W);
      const offsets = Int32Array.from({ length: 2048 }, (_, b) => 4 * b);
      return (i) => {
        const ids = Array.from(idsFor(i, 8192));
        const out = embeddingBagForward(W, ids, { offsets: mod.tensor(offsets), mode: "sum" })
          .dataSync();
        const b = i % 2048, d = i % D;
        let want = 0;
        for (let j = 4 * b; j < 4 * b + 4; j++) want += ref[ids[j] * D + d];
        check(out[b * D + d], want, `bag ${b}, dim ${d}`);
      };
    },
  },
  {
    name: "tensor(), zeros() and randn() made each call and dropped",
    budget: 2 * MiB,
    perCall: 3 * 65536 * 4,
    calls: 120,
    setup() {
      const refs = [0, 1, 2].map((seed) => randn([65536], { seed }).dataSync().slice());
      const data = Float32Array.from({ length: 65536 }, (_, j) => j / 7);
      return (i) => {
        const t = mod.tensor(data), z = mod.zeros([65536]), r = randn([65536], { seed: i % 3 });
        const j = (i * 997) % 65536;
        check(t.dataSync()[j], data[j], "tensor()");
        check(z.dataSync()[j], 0, "zeros()");
        check(r.dataSync()[j], refs[i % 3][j], "randn()");
      };
    },
  },
  {
    name: "relu(h).dataSync() of h = linear(x, w) read with dataSync() and dropped",
    budget: 2 * MiB,
    perCall: 3 * 2048 * D * 4,
    calls: 120,
    setup() {
      const w = randn([D, D], { seed: 3 }), wv = w.dataSync().slice();
      return (i) => {
        const x = randn([2048, D], { seed: i });
        const h = linear(x, w), xv = x.dataSync(), r = i % 2048, c = i % D;
        check(h.dataSync()[r * D + c], dot(xv, wv, r, c, D), "linear");
        check(relu(h).dataSync()[r * D + c], Math.max(0, dot(xv, wv, r, c, D)), "relu");
        check(relu(linear(x, w)).dataSync()[r * D + c], Math.max(0, dot(xv, wv, r, c, D)), "fused");
      };
    },
  },
  {
    name: "Linear.forward(x).dataSync() and Embedding.forward(ids array).dataSync()",
    budget: 2 * MiB,
    perCall: 2 * 2048 * D * 4 + 2048 * 4 + 2048 * D * 4,
    calls: 120,
    setup() {
      const lin = new mod.Linear(D, D, { seed: 4 }), emb = new mod.Embedding(V, D, { seed: 5 });
      const [wv, bv, ref] = [
        lin.weight.dataSync().slice(),
        lin.bias!.dataSync(),
        rowsOf(emb.weight),
      ];
      return (i) => {
        const x = randn([2048, D], { seed: i }), xv = x.dataSync(), r = i % 2048, c = i % D;
        check(lin.forward(x).dataSync()[r * D + c], dot(xv, wv, r, c, D) + bv[c], "Linear");
        const ids = idsFor(i, 2048);
        checkRow(emb.forward(Array.from(ids)).dataSync(), ref, ids, r);
      };
    },
  },
  {
    name: "embeddingGrad(g, ids, { sparse: true }).values.dataSync() (indices: a second result)",
    budget: 2 * MiB,
    perCall: 2 * 2048 * D * 4 + 2 * 2048 * 4,
    calls: 120,
    setup() {
      const g = randn([2048, D], { seed: 6 }), gv = g.dataSync().slice();
      return (i) => {
        const ids = idsFor(i, 2048);
        const grad = embeddingGrad(g, ids, { numEmbeddings: V, sparse: true });
        const values = grad.values.dataSync(), r = i % 2048;
        for (let d = 0; d < D; d++) check(values[r * D + d], gv[r * D + d], `values ${r}`);
      };
    },
  },
  {
    name: "sum(embeddingForward(W, ids array)).item() (64-byte results)",
    budget: 16 * KiB,
    perCall: 64 + 256,
    calls: 4000,
    setup() {
      const W = randn([V, D], { seed: 7 }), ref = rowsOf(W);
      return (i) => {
        const ids = Array.from(idsFor(i, 2));
        let want = 0;
        for (const k of ids) for (let d = 0; d < D; d++) want += ref[k * D + d];
        check(mod.sum(embeddingForward(W, ids)).item(), want, "sum");
      };
    },
  },
  {
    name: "tensor() of a 1 MiB array, 1,000 times (RSS: V8 frees heap values within the job)",
    budget: 2 * MiB,
    perCall: MiB,
    calls: 1000,
    setup() {
      const data = Float32Array.from({ length: MiB / 4 }, (_, j) => j % 1000);
      return (i) => {
        const j = (i * 7919) % data.length;
        check(mod.tensor(data).dataSync()[j], data[j], "tensor()");
      };
    },
  },
];

/** What the arena may hold beyond the budgets: slabs being filled, alignment. */
const SLACK = 128 * KiB;

/** The most arena bytes a loop may leave behind: its three budgets and some slack. */
export const boundOf = (loop: Loop): number => 3 * loop.budget + SLACK;

/**
 * Runs a loop synchronously (with budgets of `budget`; `Infinity` turns the
 * heap off) and returns the most arena bytes it held beyond what was live
 * before it. With `stopAbove`, stops once it held more.
 */
export function runLoop(loop: Loop, budget: number, stopAbove = Infinity): number {
  const before = setSpillAfter(budget);
  try {
    const call = loop.setup();
    const base = arena().liveBytes;
    let peak = 0;
    for (let i = 0; i < loop.calls && peak <= stopAbove; i++) {
      call(i);
      peak = Math.max(peak, arena().liveBytes - base);
    }
    return peak;
  } finally {
    setSpillAfter(before);
  }
}

/** A fresh turn of the event loop: finalizers run, every budget starts empty. */
export const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
