/**
 * Shared cases of the `strided_copy` tests: random views (permuted,
 * broadcast, stepped, with empty dims) copied into contiguous outputs or into
 * a piece of a larger output (concat), a naive reference, and a runner that
 * places both buffers in the arena and passes element offsets into them (the
 * shared harness passes buffer starts only).
 */

import { KERNELS } from "../../kernels/registry.ts";
import { arena } from "../../src/memory/arena.ts";
import { wasmRun } from "../../src/runtime/wasm_instances.ts";
import { type KernelFn, runJs } from "../../kernels/kernel.ts";
import { type Ranges, rebuild } from "./_kernel_harness.ts";

/** A copy: shapes and strides in their six slots (leading dims 1), offsets in elements. */
export interface CopyCase {
  readonly rank: number;
  readonly n: readonly number[];
  readonly xs: readonly number[];
  readonly os: readonly number[];
  readonly x: Int32Array;
  readonly xOff: number;
  readonly outLen: number;
  readonly outOff: number;
}

/** Row-major strides of a shape. */
export function contiguous(n: readonly number[]): number[] {
  const s = n.map(() => 1);
  for (let d = n.length - 2; d >= 0; d--) s[d] = s[d + 1] * n[d + 1];
  return s;
}

/** Pads a rank-R list to six slots, leading slots `fill`. */
export function six(v: readonly number[], fill: number): number[] {
  return [...Array(6 - v.length).fill(fill), ...v];
}

/** A random case: a permuted, broadcast or stepped view into a contiguous output or a concat piece. */
export function copyCase(r: () => number): CopyCase {
  const int = (k: number) => Math.floor(r() * k);
  const rank = 1 + int(6), max = rank > 3 ? 4 : rank === 3 ? 9 : 20;
  const n = Array.from({ length: rank }, (_, d) => (d === rank - 1 ? int(40) : int(max)));
  if (r() < 0.8) n.forEach((v, d) => (n[d] = Math.max(v, 1)));
  // The input: a contiguous buffer of a permuted shape with steps, some dims broadcast.
  const perm = n.map((_, d) => d).sort(() => r() - 0.5), step = n.map(() => (r() < 0.2 ? 2 : 1));
  const base = contiguous(perm.map((d) => n[d] * step[d]));
  const xs = n.map((_, d) => base[perm.indexOf(d)] * step[d]);
  n.forEach((_, d) => r() < 0.15 && (xs[d] = 0));
  if (r() < 0.3) xs[rank - 1] = 1 * step[rank - 1];
  const xLen = n.reduce((s, v, d) => s + (v - 1) * xs[d], 1) + 3;
  // The output: contiguous, or this piece of a larger output along one axis (concat).
  const axis = int(rank), before = r() < 0.5 ? 0 : int(4), after = int(3);
  const full = n.map((v, d) => (d === axis ? v + before + after : v));
  const os = contiguous(full);
  const outOff = before * os[axis];
  return {
    rank,
    n: six(n, 1),
    xs: six(xs, 0),
    os: six(os, 0),
    x: Int32Array.from({ length: Math.max(xLen, 0) }, () => (r() * 2 ** 32) | 0),
    xOff: int(3),
    outLen: full.reduce((a, b) => a * b, 1),
    outOff,
  };
}

/** Rows of a case (its units). */
export function rowsOf(c: CopyCase): number {
  return c.n.slice(6 - c.rank, 5).reduce((a, b) => a * b, 1);
}

/** The reference: every element of the view, copied by its multi-index. */
export function naiveCopy(c: CopyCase, out: Int32Array): Int32Array {
  const n = c.n.slice(6 - c.rank), total = n.reduce((a, b) => a * b, 1);
  const res = out.slice();
  for (let e = 0; e < total; e++) {
    let rest = e, xo = c.xOff, oo = c.outOff;
    for (let d = c.rank - 1; d >= 0; d--) {
      const i = rest % n[d];
      rest = Math.floor(rest / n[d]);
      xo += i * c.xs[6 - c.rank + d];
      oo += i * c.os[6 - c.rank + d];
    }
    res[oo] = c.x[xo];
  }
  return res;
}

/** Runs the kernel (JS, Wasm or rebuilt JS) over `ranges` of rows; returns the output. */
export function runCopy(
  c: CopyCase,
  backend: "js" | "wasm" | "rebuilt",
  out: Int32Array,
  ranges: Ranges = [[0, rowsOf(c)]],
): Int32Array {
  const a = arena(), xb = 4 * c.x.length + 4, ob = 4 * out.length + 4;
  const x = a.alloc(xb, "test"), o = a.alloc(ob, "test");
  try {
    a.heap.i32.set(c.x, x >>> 2);
    a.heap.i32.set(out, o >>> 2);
    const args = [x + 4 * c.xOff, o + 4 * c.outOff, ...c.n, ...c.xs, ...c.os];
    const spec = { rank: c.rank };
    const js: KernelFn = backend === "rebuilt"
      ? rebuild(KERNELS.strided_copy)
      : KERNELS.strided_copy.js;
    const go = backend === "wasm"
      ? (s: number, e: number) => wasmRun("strided_copy", spec)(...args, s, e)
      : (s: number, e: number) => runJs({ ...KERNELS.strided_copy, js }, a.heap, spec, args, s, e);
    for (const [s, e] of ranges) if (go(s, e) !== 0) throw new Error("strided_copy returned FAULT");
    return new Int32Array(a.heap.i32.subarray(o >>> 2, (o >>> 2) + out.length));
  } finally {
    a.free(x, xb);
    a.free(o, ob);
  }
}
