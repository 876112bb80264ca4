/**
 * The message of the `RangeError` a run raises when a kernel refused its
 * index data (changed through a view after validation): the first bad offset
 * or index, found by scanning the data again (only on that failure path).
 */

import type { BindContext } from "./plan.ts";

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/**
 * Describes the index data a kernel refused (see `KernelFault`): the first
 * offset out of order or range (when `off >= 0`), else the first index
 * outside `[0, V)` (`V`: the table's rows, or the given `numEmbeddings`).
 */
export function badIndex(
  W: number,
  idx: number,
  off = -1,
  numEmbeddings?: number,
): (c: BindContext) => string {
  return (c) => {
    const i32 = c.heap.i32, at = c.ptr(idx) >>> 2, N = size(c.shape(idx));
    const V = numEmbeddings ?? c.shape(W)[0];
    const changed = "(the data changed after validation)";
    if (off >= 0) {
      const o = c.ptr(off) >>> 2, nOff = c.shape(off)[0];
      for (let b = 0; b < nOff; b++) {
        const x = i32[o + b];
        if (b === 0 ? x !== 0 : x < i32[o + b - 1] || x > N) {
          return `offsets[${b}] is ${x} but offsets must start at 0, never decrease and stay at most ${N} ${changed}`;
        }
      }
    }
    for (let j = 0; j < N; j++) {
      const k = i32[at + j];
      if (k >>> 0 >= V) return `indices[${j}] is ${k} but numEmbeddings is ${V} ${changed}`;
    }
    return `the indices no longer match the result's shape ${changed}`;
  };
}

/**
 * Describes class targets a loss kernel refused: the first one outside
 * `[0, C)` (`C` the last dim of the `[N, C]` logits `x`) that is not `ignoreIndex`.
 */
export function badTarget(x: number, t: number, ignoreIndex: number): (c: BindContext) => string {
  return (c) => {
    const i32 = c.heap.i32, at = c.ptr(t) >>> 2, N = size(c.shape(t)), C = c.shape(x)[1];
    for (let j = 0; j < N; j++) {
      const k = i32[at + j];
      if (k !== ignoreIndex && k >>> 0 >= C) {
        return `target[${j}] is ${k} but classes are 0..${
          C - 1
        } (ignoreIndex ${ignoreIndex}; the data changed after validation)`;
      }
    }
    return `the targets no longer hold a bad class (the data changed after validation)`;
  };
}
